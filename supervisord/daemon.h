// supervisord's life: command line, configuration, privileges, rlimits, main log, AUTO log
// clean-up, daemonizing, pidfile, signals and the reload loop (process.md §8.2, §9).
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace sup {

class Supervisor;

// The HTTP/XML-RPC servers of one incarnation, opened after the groups exist and closed
// before a reload or exit (process.md §9.1 step 7, §8.2 step 3).
struct ServerHooks {
  // Returns the error text on failure (supervisord then exits 2 with "Error: <text>").
  std::function<std::optional<std::string>(Supervisor&)> open;
  std::function<void()> close;
};

// Runs supervisord with `argv` (argv[0] included) and returns its exit status.
int run_supervisord(const std::vector<std::string>& argv, const ServerHooks& hooks);

}  // namespace sup
