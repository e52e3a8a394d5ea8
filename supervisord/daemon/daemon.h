// supervisord's life: command line, configuration, privileges, rlimits, main log, AUTO log
// clean-up, daemonizing, pidfile, signals and the reload loop (process.md §8.2, §9).
#pragma once

#include <string>
#include <vector>

#include "supervisord/core/server_hooks.h"

namespace sup {

// Runs supervisord with `argv` (argv[0] included) and returns its exit status.
int run_supervisord(const std::vector<std::string>& argv, const ServerHooks& hooks);

}  // namespace sup
