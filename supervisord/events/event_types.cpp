#include "supervisord/events/event_types.h"

#include <iterator>

namespace sup {

namespace {

struct TypeInfo {
  EventType type;
  std::string_view name;
  EventType parent;  // a root's own entry names itself
};

constexpr TypeInfo kTypes[] = {
    {EventType::kEvent, "EVENT", EventType::kEvent},
    {EventType::kProcessState, "PROCESS_STATE", EventType::kEvent},
    {EventType::kProcessStateStarting, "PROCESS_STATE_STARTING", EventType::kProcessState},
    {EventType::kProcessStateRunning, "PROCESS_STATE_RUNNING", EventType::kProcessState},
    {EventType::kProcessStateBackoff, "PROCESS_STATE_BACKOFF", EventType::kProcessState},
    {EventType::kProcessStateStopping, "PROCESS_STATE_STOPPING", EventType::kProcessState},
    {EventType::kProcessStateExited, "PROCESS_STATE_EXITED", EventType::kProcessState},
    {EventType::kProcessStateStopped, "PROCESS_STATE_STOPPED", EventType::kProcessState},
    {EventType::kProcessStateFatal, "PROCESS_STATE_FATAL", EventType::kProcessState},
    {EventType::kProcessStateUnknown, "PROCESS_STATE_UNKNOWN", EventType::kProcessState},
    {EventType::kProcessLog, "PROCESS_LOG", EventType::kEvent},
    {EventType::kProcessLogStdout, "PROCESS_LOG_STDOUT", EventType::kProcessLog},
    {EventType::kProcessLogStderr, "PROCESS_LOG_STDERR", EventType::kProcessLog},
    {EventType::kProcessCommunication, "PROCESS_COMMUNICATION", EventType::kEvent},
    {EventType::kProcessCommunicationStdout, "PROCESS_COMMUNICATION_STDOUT", EventType::kProcessCommunication},
    {EventType::kProcessCommunicationStderr, "PROCESS_COMMUNICATION_STDERR", EventType::kProcessCommunication},
    {EventType::kRemoteCommunication, "REMOTE_COMMUNICATION", EventType::kEvent},
    {EventType::kSupervisorStateChange, "SUPERVISOR_STATE_CHANGE", EventType::kEvent},
    {EventType::kSupervisorStateChangeRunning, "SUPERVISOR_STATE_CHANGE_RUNNING", EventType::kSupervisorStateChange},
    {EventType::kSupervisorStateChangeStopping, "SUPERVISOR_STATE_CHANGE_STOPPING", EventType::kSupervisorStateChange},
    {EventType::kTick, "TICK", EventType::kEvent},
    {EventType::kTick5, "TICK_5", EventType::kTick},
    {EventType::kTick60, "TICK_60", EventType::kTick},
    {EventType::kTick3600, "TICK_3600", EventType::kTick},
    {EventType::kProcessGroup, "PROCESS_GROUP", EventType::kEvent},
    {EventType::kProcessGroupAdded, "PROCESS_GROUP_ADDED", EventType::kProcessGroup},
    {EventType::kProcessGroupRemoved, "PROCESS_GROUP_REMOVED", EventType::kProcessGroup},
    {EventType::kProcessHealth, "PROCESS_HEALTH", EventType::kProcessHealth},
    {EventType::kProcessHealthHealthy, "PROCESS_HEALTH_HEALTHY", EventType::kProcessHealth},
    {EventType::kProcessHealthUnhealthy, "PROCESS_HEALTH_UNHEALTHY", EventType::kProcessHealth},
};

// info() indexes the table by enum value.
constexpr bool table_in_enum_order() {
  int i = 0;
  for (const TypeInfo& t : kTypes) {
    if (static_cast<int>(t.type) != i++) return false;
  }
  return true;
}
static_assert(table_in_enum_order());

const TypeInfo& info(EventType type) { return kTypes[static_cast<int>(type)]; }

}  // namespace

std::string_view event_type_name(EventType type) { return info(type).name; }

std::optional<EventType> event_type_from_name(std::string_view name) {
  for (const TypeInfo& t : kTypes) {
    if (t.name == name) return t.type;
  }
  return std::nullopt;
}

std::optional<EventType> event_type_parent(EventType type) {
  EventType parent = info(type).parent;
  if (parent == type) return std::nullopt;
  return parent;
}

bool event_type_is_a(EventType type, EventType ancestor) {
  for (std::optional<EventType> t = type; t; t = event_type_parent(*t)) {
    if (*t == ancestor) return true;
  }
  return false;
}

}  // namespace sup
