#include "pidproxy/invocation.h"

#include <unistd.h>

#include <string_view>

namespace sup::pidproxy {
namespace {

bool is_executable_file(const std::string& path) { return access(path.c_str(), X_OK) == 0; }

}  // namespace

std::optional<Invocation> parse_invocation(const std::vector<std::string>& args, const char* path_env) {
  if (args.size() < 3) return std::nullopt;
  Invocation inv;
  inv.pidfile = args[1];
  inv.argv.assign(args.begin() + 2, args.end());
  inv.program = resolve_program(inv.argv[0], path_env);
  return inv;
}

std::string resolve_program(const std::string& command, const char* path_env) {
  if (command.find('/') != std::string::npos || is_executable_file(command)) return command;
  std::string_view path = path_env ? path_env : "/usr/local/bin:/usr/bin:/bin";
  while (true) {
    const std::size_t colon = path.find(':');
    std::string dir(path.substr(0, colon));
    // An empty PATH entry means the working directory, already tried above.
    if (!dir.empty()) {
      std::string candidate = dir + "/" + command;
      if (is_executable_file(candidate)) return candidate;
    }
    if (colon == std::string_view::npos) break;
    path.remove_prefix(colon + 1);
  }
  return command;
}

std::string usage_text(const std::string& progname) {
  return "pidproxy -- start a command and relay signals to the process named in a pidfile.\n"
         "\n"
         "Usage: " + progname + " PIDFILE COMMAND [ARG...]\n"
         "\n"
         "TERM, HUP, INT, QUIT, USR1 and USR2 sent to pidproxy go to the pid written in\n"
         "PIDFILE; pidproxy ends when that process has gone after TERM, INT or QUIT, or\n"
         "when COMMAND and everything it started have exited.\n";
}

}  // namespace sup::pidproxy
