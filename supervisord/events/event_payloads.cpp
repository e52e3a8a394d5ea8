#include "supervisord/events/event_payloads.h"

#include <fmt/format.h>

#include "common/pyrepr.h"
#include "common/utf8.h"

namespace sup {

std::string decode_output(std::string_view data) {
  if (is_valid_utf8(data)) return std::string(data);
  return "Undecodable: " + py_bytes_repr(data);
}

EventType process_state_event_type(ProcessState to) {
  switch (to) {
    case ProcessState::kStopped: return EventType::kProcessStateStopped;
    case ProcessState::kStarting: return EventType::kProcessStateStarting;
    case ProcessState::kRunning: return EventType::kProcessStateRunning;
    case ProcessState::kBackoff: return EventType::kProcessStateBackoff;
    case ProcessState::kStopping: return EventType::kProcessStateStopping;
    case ProcessState::kExited: return EventType::kProcessStateExited;
    case ProcessState::kFatal: return EventType::kProcessStateFatal;
    case ProcessState::kUnknown: return EventType::kProcessStateUnknown;
  }
  return EventType::kProcessStateUnknown;
}

std::string process_state_payload(EventType type, const ProcessStateFacts& facts) {
  std::string out = fmt::format("processname:{} groupname:{} from_state:{}", facts.process, facts.group,
                                process_state_name(facts.from));
  switch (type) {
    case EventType::kProcessStateStarting:
    case EventType::kProcessStateBackoff:
      out += fmt::format(" tries:{}", facts.tries);
      break;
    case EventType::kProcessStateExited:
      out += fmt::format(" expected:{} pid:{}", facts.expected ? 1 : 0, facts.pid);
      break;
    case EventType::kProcessStateRunning:
    case EventType::kProcessStateStopping:
    case EventType::kProcessStateStopped:
      out += fmt::format(" pid:{}", facts.pid);
      break;
    default:
      break;
  }
  return out;
}

std::string process_health_payload(const std::string& process, const std::string& group, Health from, pid_t pid) {
  return fmt::format("processname:{} groupname:{} from_health:{} pid:{}", process, group, health_name(from), pid);
}

std::string process_log_payload(const std::string& process, const std::string& group, pid_t pid,
                                std::string_view channel, std::string_view data) {
  return fmt::format("processname:{} groupname:{} pid:{} channel:{}\n{}", process, group, pid, channel,
                     decode_output(data));
}

std::string process_comm_payload(const std::string& process, const std::string& group, pid_t pid,
                                 std::string_view data) {
  return fmt::format("processname:{} groupname:{} pid:{}\n{}", process, group, pid, decode_output(data));
}

std::string remote_comm_payload(std::string_view type, std::string_view data) {
  return fmt::format("type:{}\n{}", type, data);
}

std::string tick_payload(std::int64_t when) { return fmt::format("when:{}", when); }

std::string group_payload(std::string_view group) { return fmt::format("groupname:{}\n", group); }

std::string event_envelope(std::string_view server, std::int64_t serial, std::string_view pool,
                           std::int64_t pool_serial, EventType type, std::string_view payload) {
  std::string out = fmt::format("ver:3.0 server:{} serial:{} pool:{} poolserial:{} eventname:{} len:{}\n", server,
                                serial, pool, pool_serial, event_type_name(type), utf8_length(payload));
  out += payload;
  return out;
}

}  // namespace sup
