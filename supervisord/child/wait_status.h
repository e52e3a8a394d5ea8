// What a reaped child's wait status and a signal number look like in Supervisor's log lines
// (process.md §3.1): "exit status 3", "terminated by SIGKILL".
#pragma once

#include <string>

namespace sup {

// Supervisor's signame(): "SIGTERM", aliases resolved as Python does ("SIGPOLL" for 29),
// "signal <n>" for numbers without a name.
std::string signal_log_name(int sig);

// Supervisor's decode_wait_status() text: "exit status 3", "terminated by SIGKILL",
// "terminated by SIGSEGV (core dumped)", "unknown termination cause 0x1234".
struct WaitStatus {
  int exitstatus = -1;  // the exit code, -1 when killed by a signal
  std::string text;
};
WaitStatus decode_wait_status(int status);

}  // namespace sup
