#include "common/log_channel.h"

#include <cstring>
#include <utility>

#include "common/log_main.h"

namespace sup {

namespace {

constexpr std::string_view kBeginToken = "<!--XSUPERVISOR:BEGIN-->";
constexpr std::string_view kEndToken = "<!--XSUPERVISOR:END-->";
constexpr std::string_view kCsiFinalBytes = "HfABCDRsuJKhlpm";

// Length of the longest suffix of `data` that is a proper prefix of `token`.
size_t partial_token_suffix(std::string_view data, std::string_view token) {
  size_t max = std::min(data.size(), token.size() - 1);
  for (size_t len = max; len > 0; --len) {
    if (data.substr(data.size() - len) == token.substr(0, len)) return len;
  }
  return 0;
}

}  // namespace

std::string strip_ansi(std::string_view data) {
  std::string out;
  out.reserve(data.size());
  size_t i = 0;
  while (i < data.size()) {
    size_t esc = data.find("\x1b[", i);
    if (esc == std::string_view::npos) {
      out.append(data.substr(i));
      break;
    }
    out.append(data.substr(i, esc - i));
    size_t end = data.find_first_of(kCsiFinalBytes, esc + 2);
    // No final byte: Supervisor's regex swallows the rest of the chunk.
    if (end == std::string_view::npos) break;
    i = end + 1;
  }
  return out;
}

ChannelLog::ChannelLog(Options options, Hooks hooks)
    : options_(std::move(options)), hooks_(std::move(hooks)) {
  if (options_.stamp != StampStyle::kNone || options_.prefix) {
    lines_ = std::make_unique<Lines>(
        LineStamp(options_.stamp, std::move(options_.stamp_pattern), options_.prefix, options_.process_name));
  }
}

ChannelLog::~ChannelLog() {
  if (lines_ && !lines_->held.empty() && file_) file_->write(lines_->held);
}

std::error_code ChannelLog::open() {
  if (options_.path.empty()) return {};
  // The file takes the path: one copy per channel (issue 8: memory per program).
  file_ = std::make_unique<RotatingFile>(std::move(options_.path), options_.maxbytes, options_.backups,
                                         TimeRotation{options_.rotate_every, options_.compress, options_.clock});
  std::error_code ec = file_->open();
  if (ec) file_.reset();
  return ec;
}

void ChannelLog::close() { file_.reset(); }

std::error_code ChannelLog::reopen() { return file_ ? file_->reopen() : std::error_code(); }

std::error_code ChannelLog::clear() {
  captured_.clear();
  return file_ ? file_->clear() : std::error_code();
}

std::error_code ChannelLog::rotate() { return file_ ? file_->rotate() : std::error_code(); }

void ChannelLog::flush() {
  if (!lines_ || lines_->held.empty()) return;
  std::string held = std::move(lines_->held);
  lines_->held.clear();
  emit(held);
}

std::optional<std::chrono::steady_clock::time_point> ChannelLog::next_wake() const {
  std::optional<std::chrono::steady_clock::time_point> wake;
  if (lines_ && !lines_->held.empty()) wake = lines_->held_since + kHoldTime;
  if (file_) {
    if (auto due = file_->rotation_due()) {
      LogClock& c = clock();
      auto in = std::max(std::chrono::system_clock::duration::zero(), *due - c.wall_now());
      auto at = c.monotonic_now() + std::chrono::duration_cast<std::chrono::steady_clock::duration>(in);
      if (!wake || at < *wake) wake = at;
    }
  }
  return wake;
}

void ChannelLog::on_wake() {
  if (lines_ && !lines_->held.empty() && clock().monotonic_now() >= lines_->held_since + kHoldTime) flush();
  if (file_) file_->rotate_if_due();
}

void ChannelLog::handle(std::string_view chunk) {
  if (options_.capture_maxbytes <= 0) {
    to_sink(chunk);
    return;
  }
  pending_.append(chunk);
  for (;;) {
    std::string_view token = capturing_ ? kEndToken : kBeginToken;
    // Not longer than the token: wait for more data (this is where Supervisor loses
    // short trailing output, logging.md §2.6).
    if (pending_.size() <= token.size()) return;
    std::string data = std::move(pending_);
    pending_.clear();
    size_t at = data.find(token);
    if (at != std::string::npos) {
      if (at > 0) to_sink(std::string_view(data).substr(0, at));
      toggle_mode();
      pending_ = data.substr(at + token.size());
      if (pending_.empty()) return;
      continue;
    }
    size_t keep = partial_token_suffix(data, token);
    if (keep > 0) pending_ = data.substr(data.size() - keep);
    to_sink(std::string_view(data).substr(0, data.size() - keep));
    return;
  }
}

void ChannelLog::toggle_mode() {
  // A held line belongs before the capture.
  if (!capturing_) flush();
  if (capturing_) {
    capturing_ = false;
    std::string data = std::move(captured_);
    captured_.clear();
    if (hooks_.on_capture) hooks_.on_capture(std::move(data));
  } else {
    capturing_ = true;
  }
}

void ChannelLog::to_sink(std::string_view data) {
  if (data.empty()) return;
  std::string stripped;
  if (options_.strip_ansi && data.find('\x1b') != std::string_view::npos) {
    stripped = strip_ansi(data);
    data = stripped;
  }
  if (capturing_) {
    auto limit = static_cast<size_t>(options_.capture_maxbytes);
    // Drop from the front as many bytes as are added, like Supervisor's RingBuffer, so one
    // huge chunk can still exceed the limit.
    if (captured_.size() + data.size() > limit) captured_.erase(0, std::min(data.size(), captured_.size()));
    captured_.append(data);
    if (hooks_.on_output) hooks_.on_output(data, true);
  } else if (lines_) {
    write_lines(data);
  } else {
    emit(data);
  }
}

// Stamps each line start; whole lines go out now, a trailing partial line is held.
void ChannelLog::write_lines(std::string_view data) {
  Lines& l = *lines_;
  std::string& out = l.out;
  out.clear();
  bool was_held = !l.held.empty();
  if (was_held) out.swap(l.held);
  const std::string& stamp = l.stamp.text(clock().wall_now());
  // Room for the chunk and a stamp per 64 bytes; more lines than that just grow it.
  out.reserve(out.size() + data.size() + data.size() / 64 * stamp.size() + stamp.size());
  const char* p = data.data();
  const char* end = p + data.size();
  while (p < end) {
    if (l.at_line_start) {
      out += stamp;
      l.at_line_start = false;
    }
    const void* nl = std::memchr(p, '\n', static_cast<size_t>(end - p));
    if (nl == nullptr) {
      out.append(p, end);
      break;
    }
    const char* next = static_cast<const char*>(nl) + 1;
    out.append(p, next);
    p = next;
    l.at_line_start = true;
  }
  if (!l.at_line_start) {
    size_t last = out.rfind('\n');
    size_t start = last == std::string::npos ? 0 : last + 1;
    if (out.size() - start <= kMaxHeld) {
      // The deadline counts from the line's first held byte.
      if (!was_held || start > 0) l.held_since = clock().monotonic_now();
      l.held.assign(out, start, std::string::npos);
      out.resize(start);
    }
  }
  if (!out.empty()) emit(out);
}

void ChannelLog::emit(std::string_view data) {
  write_normal(data);
  if (hooks_.on_output) hooks_.on_output(data, false);
}

void ChannelLog::write_normal(std::string_view data) {
  if (file_) file_->write(data);
  if (options_.syslog) {
    std::string_view text = data;
    if (!text.empty() && text.back() == '\n') text.remove_suffix(1);
    while (true) {
      size_t nl = text.find('\n');
      std::string line = options_.process_name;
      line += ' ';
      line += text.substr(0, nl);
      syslog_lines(line, false);
      if (nl == std::string_view::npos) break;
      text.remove_prefix(nl + 1);
    }
  }
}

}  // namespace sup
