// The one error value of the spawn path (process.md §5): every step that can keep a child
// from starting (command resolution, the FastCGI socket, pipes and log files, the fork)
// reports a SpawnError, whose text is the spawnerr Supervisor shows for it.
#pragma once

#include <string>
#include <string_view>

namespace sup {

struct SpawnError {
  enum class Kind {
    // Command resolution (§5.2). kNotFound becomes the RPC fault NO_FILE, the other three
    // NOT_EXECUTABLE.
    kBadCommand,
    kNotFound,
    kNotExecutable,
    kNoPermission,
    kSocket,         // an [fcgi-program]'s socket could not be created (§5.6)
    kEnvironment,    // ours: a required environment_file cannot be read or parsed
    kCgroup,         // ours: the child's cgroup cannot be prepared
    kDescriptors,    // EMFILE while making the pipes
    kDispatchers,    // any other error making the pipes or opening the log files
    kProcessTable,   // EAGAIN from fork/clone
    kFork,           // any other fork/clone error
  };

  Kind kind = Kind::kFork;
  int errnum = 0;    // the errno behind it, 0 for command-resolution errors
  std::string text;  // Supervisor's spawnerr, e.g. "can't find command 'foo'"

  bool is_command_error() const { return kind <= Kind::kNoPermission; }
};

// A SpawnError for an errno-based `kind` (kDescriptors .. kFork), with Supervisor's text for
// `program`: "too many open files to spawn 'x'", "unknown error during fork for 'x': EPERM".
SpawnError spawn_error_from_errno(SpawnError::Kind kind, int errnum, std::string_view program);

}  // namespace sup
