#include "supervisord/events/event_listener_protocol.h"

#include <fmt/format.h>

#include "common/pystr.h"
#include "supervisord/events/event_payloads.h"

namespace sup {

namespace {

constexpr std::string_view kReadyToken = "READY\n";
// Supervisor skips this many bytes of a result line without checking them ("RESULT ").
constexpr size_t kResultPrefixLen = 7;

// Python's int() of a bytes object: whitespace around, optional sign, '_' between digits.
std::optional<std::int64_t> parse_length(const std::string& text) {
  for (char c : text) {
    // Only ASCII: bytes with the high bit set make int() fail.
    if (static_cast<unsigned char>(c) >= 0x80) return std::nullopt;
  }
  return py_int(text, 10);
}

}  // namespace

std::string_view listener_state_name(ListenerState state) {
  switch (state) {
    case ListenerState::kReady: return "READY";
    case ListenerState::kBusy: return "BUSY";
    case ListenerState::kAcknowledged: return "ACKNOWLEDGED";
    case ListenerState::kUnknown: return "UNKNOWN";
  }
  return "UNKNOWN";
}

ListenerProtocol::ListenerProtocol(std::string name, LogSink log) : name_(std::move(name)), log_(std::move(log)) {}

void ListenerProtocol::reset() {
  state_ = ListenerState::kAcknowledged;
  buffer_.clear();
  result_len_.reset();
  result_.clear();
}

void ListenerProtocol::change_state(ListenerState to) {
  log_(LogLevel::kDebug, fmt::format("{}: {} -> {}", name_, listener_state_name(state_), listener_state_name(to)));
  state_ = to;
  if (to == ListenerState::kUnknown) {
    log_(LogLevel::kWarn, fmt::format("{}: has entered the UNKNOWN state and will no longer receive events, this "
                                      "usually indicates the process violated the eventlistener protocol",
                                      name_));
  }
}

void ListenerProtocol::handle_result(FeedResult& out) {
  // Only Supervisor's default result handler exists here: exactly "OK" accepts.
  if (result_ == "OK") {
    log_(LogLevel::kDebug, fmt::format("{}: event was processed", name_));
    change_state(ListenerState::kAcknowledged);
    out.verdict = Verdict::kAccepted;
  } else {
    log_(LogLevel::kWarn, fmt::format("{}: event was rejected", name_));
    change_state(ListenerState::kAcknowledged);
    out.verdict = Verdict::kRejected;
  }
}

ListenerProtocol::FeedResult ListenerProtocol::feed(std::string_view data) {
  FeedResult out;
  buffer_.append(data);
  // Each step consumes bytes or returns, so this ends.
  while (!buffer_.empty()) {
    if (state_ == ListenerState::kUnknown) {
      buffer_.clear();
      break;
    }
    if (state_ == ListenerState::kAcknowledged) {
      if (buffer_.size() < kReadyToken.size()) break;
      if (std::string_view(buffer_).substr(0, kReadyToken.size()) == kReadyToken) {
        change_state(ListenerState::kReady);
        buffer_.erase(0, kReadyToken.size());
      } else {
        change_state(ListenerState::kUnknown);
        buffer_.clear();
      }
      continue;
    }
    if (state_ == ListenerState::kReady) {
      // Anything while READY (even a second READY) is a protocol violation.
      change_state(ListenerState::kUnknown);
      buffer_.clear();
      break;
    }
    // BUSY.
    if (!result_len_) {
      size_t nl = buffer_.find('\n');
      if (nl == std::string::npos) break;
      std::string line = buffer_.substr(0, nl);
      buffer_.erase(0, nl + 1);
      std::optional<std::int64_t> len =
          parse_length(line.size() > kResultPrefixLen ? line.substr(kResultPrefixLen) : std::string());
      // A negative length is accepted by Supervisor with odd slicing effects; it is refused here.
      if (!len || *len < 0) {
        std::string shown = decode_output(line);
        log_(LogLevel::kWarn, fmt::format("{}: bad result line: '{}'", name_, shown));
        change_state(ListenerState::kUnknown);
        buffer_.clear();
        out.verdict = Verdict::kRejected;
        break;
      }
      result_len_ = *len;
      continue;
    }
    auto needed = static_cast<size_t>(*result_len_) - result_.size();
    if (needed > 0) {
      size_t take = std::min(needed, buffer_.size());
      result_.append(buffer_, 0, take);
      buffer_.erase(0, take);
      needed -= take;
    }
    if (needed == 0) {
      handle_result(out);
      result_.clear();
      result_len_.reset();
    }
  }
  out.ready = state_ == ListenerState::kReady;
  return out;
}

}  // namespace sup
