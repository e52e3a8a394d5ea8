// The exact text Supervisor writes to listeners (events.md §2, §3): payload bodies and the
// header line. Pure functions, no daemon state, so they are unit-tested byte for byte.
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <string>
#include <string_view>

#include "supervisord/events/event_types.h"
#include "supervisord/core/states.h"

namespace sup {

// Child output as Supervisor puts it in a payload: the bytes when Python's strict codec
// decodes them, else "Undecodable: " + Python's repr() of the bytes.
std::string decode_output(std::string_view data);

// What a PROCESS_STATE_* payload is made of, captured at the moment of the transition.
struct ProcessStateFacts {
  std::string process;
  std::string group;
  ProcessState from = ProcessState::kStopped;
  int tries = 0;          // STARTING, BACKOFF
  bool expected = false;  // EXITED
  pid_t pid = 0;          // RUNNING, STOPPING, EXITED, STOPPED
};

// The leaf event type of entering `to` (PROCESS_STATE_STARTING for kStarting, ...).
EventType process_state_event_type(ProcessState to);

std::string process_state_payload(EventType type, const ProcessStateFacts& facts);
// PROCESS_HEALTH_*: "processname:web groupname:web from_health:starting pid:123".
std::string process_health_payload(const std::string& process, const std::string& group, Health from, pid_t pid);
// PROCESS_LOG_*: the header line includes the channel name.
std::string process_log_payload(const std::string& process, const std::string& group, pid_t pid,
                                std::string_view channel, std::string_view data);
// PROCESS_COMMUNICATION_*.
std::string process_comm_payload(const std::string& process, const std::string& group, pid_t pid,
                                 std::string_view data);
std::string remote_comm_payload(std::string_view type, std::string_view data);
std::string tick_payload(std::int64_t when);
// PROCESS_GROUP_ADDED / _REMOVED (the only token set with a trailing newline).
std::string group_payload(std::string_view group);

// "ver:3.0 server:<id> serial:<s> pool:<p> poolserial:<ps> eventname:<NAME> len:<n>\n" +
// payload, nothing after it; len counts the payload's code points.
std::string event_envelope(std::string_view server, std::int64_t serial, std::string_view pool,
                           std::int64_t pool_serial, EventType type, std::string_view payload);

}  // namespace sup
