// The listener side of Supervisor's event protocol, as read from one listener process's
// stdout (events.md §5): READY, RESULT <n>\n<body>, and the UNKNOWN trap. A pure state
// machine: the pool writes events and reacts to what feed() reports. One per listener
// process; reset() when the process is spawned again.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "common/config.h"

namespace sup {

enum class ListenerState : int { kReady = 10, kBusy = 20, kAcknowledged = 30, kUnknown = 40 };

std::string_view listener_state_name(ListenerState state);

class ListenerProtocol final {
 public:
  // Receives the protocol's main-log lines (debug transitions, warnings).
  using LogSink = std::function<void(LogLevel level, const std::string& message)>;

  enum class Verdict { kAccepted, kRejected };
  struct FeedResult {
    // Set when the event in flight was answered (or the answer was unreadable: rejected).
    std::optional<Verdict> verdict;
    // The listener ended this feed in READY (it may be sent an event).
    bool ready = false;
  };

  ListenerProtocol(std::string name, LogSink log);

  ListenerState state() const { return state_; }
  // A new process: ACKNOWLEDGED, buffers dropped (Supervisor's new dispatcher).
  void reset();
  // An event was written to the listener (state must be READY).
  void mark_busy() { state_ = ListenerState::kBusy; }
  // Bytes read from the listener's stdout.
  FeedResult feed(std::string_view data);

 private:
  void change_state(ListenerState to);
  void handle_result(FeedResult& out);

  std::string name_;
  LogSink log_;
  ListenerState state_ = ListenerState::kAcknowledged;
  std::string buffer_;
  std::optional<std::int64_t> result_len_;
  std::string result_;
};

}  // namespace sup
