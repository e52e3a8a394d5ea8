// Starting a child (a vfork-style clone) and the child's half of a spawn (process.md §5.3).
// Everything the child needs is prepared in the parent, so the child only makes
// async-signal-safe calls.
#pragma once

#include <sys/types.h>

#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace sup {

struct SpawnRequest {
  std::string path;
  std::vector<std::string> argv;
  std::vector<std::pair<std::string, std::string>> environment;  // complete, in order
  std::optional<std::string> directory;
  std::optional<mode_t> umask;
  std::optional<uid_t> uid;  // switch to this user (process.md §5.5)
  int stdin_fd = -1;          // child ends of the pipes
  int stdout_fd = -1;
  int stderr_fd = -1;
};

// Starts the child. Returns its pid, or -errno when the clone failed.
pid_t spawn_child(const SpawnRequest& request);

// The child environment with Supervisor's precedence (process.md §5.4).
std::vector<std::pair<std::string, std::string>> child_environment(
    const std::vector<std::pair<std::string, std::string>>& daemon_environment, const std::string& serverurl,
    const std::string& process_name, const std::string& group_name,
    const std::map<std::string, std::string>& program_environment);

}  // namespace sup
