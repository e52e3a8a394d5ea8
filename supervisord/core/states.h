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

// A program's health, for programs with a healthcheck (ours, not Supervisor's): kNone while
// it is not RUNNING or has no check, kStarting from RUNNING until the first verdict.
enum class Health { kNone, kStarting, kHealthy, kUnhealthy };

// "", "starting", "healthy", "unhealthy".
std::string_view health_name(Health health);

// "STOPPED", "STARTING", ...
std::string_view process_state_name(ProcessState state);
std::string_view supervisor_state_name(SupervisorState state);

// States a start request refuses as "already started" (STARTING, RUNNING, BACKOFF).
bool is_running_state(ProcessState state);
// States shutdown waits for (STOPPED, EXITED, FATAL, UNKNOWN).
bool is_stopped_state(ProcessState state);
// States in which a signal can be sent (STARTING, RUNNING, STOPPING).
bool is_signallable_state(ProcessState state);

}  // namespace sup
