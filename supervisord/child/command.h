// Command resolution before fork (process.md §5.2): shell-style split, PATH search and the
// checks whose texts become spawnerr / RPC faults.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "supervisord/child/spawn_error.h"

namespace sup {

struct ResolvedCommand {
  std::string path;               // what execve() gets as the file
  std::vector<std::string> argv;  // the split words, unmodified
};

// supervisord's own PATH, nullopt when it has none: where a command without '/' is looked up
// when the program's environment sets no PATH.
std::optional<std::string> daemon_path();

// `program_environment` is the merged environment of the program (its PATH wins);
// `daemon_path` is supervisord's own PATH (nullopt when unset).
// Errors are SpawnError kinds kBadCommand .. kNoPermission.
std::variant<ResolvedCommand, SpawnError> resolve_command(
    const std::string& command, const std::map<std::string, std::string>& program_environment,
    const std::optional<std::string>& daemon_path);

}  // namespace sup
