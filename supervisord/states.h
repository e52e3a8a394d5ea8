// Process and daemon state codes of Supervisor 4.2.5 (process.md §1); the numbers and names
// are part of the XML-RPC contract.
#pragma once

#include <string>
#include <string_view>

namespace sup {

enum class ProcessState : int {
  kStopped = 0,
  kStarting = 10,
  kRunning = 20,
  kBackoff = 30,
  kStopping = 40,
  kExited = 100,
  kFatal = 200,
  kUnknown = 1000,
};

enum class SupervisorState : int {
  kFatal = 2,
  kRunning = 1,
  kRestarting = 0,
  kShutdown = -1,
};

// "STOPPED", "STARTING", ...
std::string_view process_state_name(ProcessState state);
std::string_view supervisor_state_name(SupervisorState state);

// States a start request refuses as "already started" (STARTING, RUNNING, BACKOFF).
bool is_running_state(ProcessState state);
// States shutdown waits for (STOPPED, EXITED, FATAL, UNKNOWN).
bool is_stopped_state(ProcessState state);
// States in which a signal can be sent (STARTING, RUNNING, STOPPING).
bool is_signallable_state(ProcessState state);

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

// Python's errno.errorcode name ("ENOENT"), or the number when unknown. Async-signal-safe
// (returns static storage), so the forked child may use it.
const char* errno_name(int err);

}  // namespace sup
