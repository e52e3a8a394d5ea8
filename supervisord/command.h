// Command resolution before fork (process.md §5.2): shell-style split, PATH search and the
// checks whose texts become spawnerr / RPC faults.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <variant>
#include <vector>

namespace sup {

struct CommandError {
  // kNotFound maps to the RPC fault NO_FILE, the others to NOT_EXECUTABLE.
  enum class Kind { kBadCommand, kNotFound, kNotExecutable, kNoPermission };
  Kind kind = Kind::kBadCommand;
  std::string message;  // e.g. "can't find command 'foo'"
};

struct ResolvedCommand {
  std::string path;               // what execve() gets as the file
  std::vector<std::string> argv;  // the split words, unmodified
};

// `program_environment` is the merged environment of the program (its PATH wins);
// `daemon_path` is supervisord's own PATH (nullopt when unset).
std::variant<ResolvedCommand, CommandError> resolve_command(
    const std::string& command, const std::map<std::string, std::string>& program_environment,
    const std::optional<std::string>& daemon_path);

}  // namespace sup
