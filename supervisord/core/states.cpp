#include "supervisord/core/states.h"

namespace sup {

std::string_view process_state_name(ProcessState state) {
  switch (state) {
    case ProcessState::kStopped: return "STOPPED";
    case ProcessState::kStarting: return "STARTING";
    case ProcessState::kRunning: return "RUNNING";
    case ProcessState::kBackoff: return "BACKOFF";
    case ProcessState::kStopping: return "STOPPING";
    case ProcessState::kExited: return "EXITED";
    case ProcessState::kFatal: return "FATAL";
    case ProcessState::kUnknown: return "UNKNOWN";
  }
  return "UNKNOWN";
}

std::string_view supervisor_state_name(SupervisorState state) {
  switch (state) {
    case SupervisorState::kFatal: return "FATAL";
    case SupervisorState::kRunning: return "RUNNING";
    case SupervisorState::kRestarting: return "RESTARTING";
    case SupervisorState::kShutdown: return "SHUTDOWN";
  }
  return "FATAL";
}

std::string_view health_name(Health health) {
  switch (health) {
    case Health::kNone: return "";
    case Health::kStarting: return "starting";
    case Health::kHealthy: return "healthy";
    case Health::kUnhealthy: return "unhealthy";
  }
  return "";
}

bool is_running_state(ProcessState s) {
  return s == ProcessState::kStarting || s == ProcessState::kRunning || s == ProcessState::kBackoff;
}

bool is_stopped_state(ProcessState s) {
  return s == ProcessState::kStopped || s == ProcessState::kExited || s == ProcessState::kFatal ||
         s == ProcessState::kUnknown;
}

bool is_signallable_state(ProcessState s) {
  return s == ProcessState::kStarting || s == ProcessState::kRunning || s == ProcessState::kStopping;
}

}  // namespace sup
