// Supervisor's event type hierarchy (events.md §1): EVENT at the root, abstract families
// below it, concrete (leaf) types that are actually emitted. Subscribing to a type means
// receiving it and all its subtypes.
//
// Ours: PROCESS_HEALTH (with PROCESS_HEALTH_HEALTHY and _UNHEALTHY) is a second root, not
// under EVENT, so a listener subscribed to EVENT never sees an event Supervisor lacks.
#pragma once

#include <optional>
#include <string_view>

namespace sup {

enum class EventType {
  kEvent,
  kProcessState,
  kProcessStateStarting,
  kProcessStateRunning,
  kProcessStateBackoff,
  kProcessStateStopping,
  kProcessStateExited,
  kProcessStateStopped,
  kProcessStateFatal,
  kProcessStateUnknown,
  kProcessLog,
  kProcessLogStdout,
  kProcessLogStderr,
  kProcessCommunication,
  kProcessCommunicationStdout,
  kProcessCommunicationStderr,
  kRemoteCommunication,
  kSupervisorStateChange,
  kSupervisorStateChangeRunning,
  kSupervisorStateChangeStopping,
  kTick,
  kTick5,
  kTick60,
  kTick3600,
  kProcessGroup,
  kProcessGroupAdded,
  kProcessGroupRemoved,
  kProcessHealth,
  kProcessHealthHealthy,
  kProcessHealthUnhealthy,
};

// The name used in `events=` and in the `eventname:` header token.
std::string_view event_type_name(EventType type);
// Exact (upper-case) name to type; nullopt for anything else.
std::optional<EventType> event_type_from_name(std::string_view name);
// The parent type; nullopt for the roots (EVENT, PROCESS_HEALTH).
std::optional<EventType> event_type_parent(EventType type);
// True when `type` is `ancestor` or one of its descendants.
bool event_type_is_a(EventType type, EventType ancestor);

}  // namespace sup
