// Starting a child (a vfork-style clone) and the child's half of a spawn (process.md §5.3).
// Everything the child needs is prepared in the parent, so the child only makes
// async-signal-safe calls.
#pragma once

#include <sys/types.h>

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <utility>
#include <vector>

#include "common/config_lifecycle.h"
#include "supervisord/child/spawn_error.h"

namespace sup {

struct SpawnRequest {
  std::string_view program;  // the process name, for error texts
  std::string path;
  std::vector<std::string> argv;
  std::vector<std::pair<std::string, std::string>> environment;  // complete, in order
  std::optional<std::string> directory;
  std::optional<mode_t> umask;
  std::optional<uid_t> uid;  // switch to this user (process.md §5.5)
  int stdin_fd = -1;          // child ends of the pipes
  int stdout_fd = -1;
  int stderr_fd = -1;
  // Ours: limits set in the child before exec (rlimit_*), and the cgroup it runs in with its
  // limits (cgroup_root; Os::spawn opens it into cgroup_procs_fd). Null / empty / -1 for none.
  const std::vector<ResourceLimit>* rlimits = nullptr;
  std::string cgroup;
  const CgroupLimits* cgroup_limits = nullptr;
  int cgroup_procs_fd = -1;
};

// Starts the child. Returns its pid, or a kProcessTable / kFork error when the clone failed.
std::variant<pid_t, SpawnError> spawn_child(const SpawnRequest& request);

// The child environment with Supervisor's precedence (process.md §5.4).
std::vector<std::pair<std::string, std::string>> child_environment(
    const std::vector<std::pair<std::string, std::string>>& daemon_environment, const std::string& serverurl,
    const std::string& process_name, const std::string& group_name,
    const std::map<std::string, std::string>& program_environment);

}  // namespace sup
