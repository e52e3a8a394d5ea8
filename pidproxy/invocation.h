// pidproxy's command line: `pidproxy PIDFILE COMMAND [ARG...]`, nothing else (no options, as
// Supervisor's pidproxy has none, so a pidfile or command that starts with '-' is taken as is).
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace sup::pidproxy {

struct Invocation {
  std::string pidfile;            // as given; read relative to the working directory
  std::string program;            // the file to execute (see resolve_program)
  std::vector<std::string> argv;  // COMMAND [ARG...] as given; argv[0] is COMMAND itself
};

// nullopt when PIDFILE or COMMAND is missing (the caller prints usage_text and exits 1).
// `path_env` is $PATH (null when unset).
std::optional<Invocation> parse_invocation(const std::vector<std::string>& args, const char* path_env);

// Which file runs COMMAND. Supervisor's pidproxy takes COMMAND relative to the working
// directory even without a slash; we do the same when that file exists and is executable,
// and otherwise look it up in PATH as a shell would, so `pidproxy x.pid mysqld_safe` works.
// Falls back to COMMAND itself, for the spawn to report why it cannot run.
std::string resolve_program(const std::string& command, const char* path_env);

// The text printed on stdout for a bad command line; `progname` is argv[0].
std::string usage_text(const std::string& progname);

}  // namespace sup::pidproxy
