// The text put before each line of a child's log when `<channel>_logfile_timestamps` or
// `<channel>_logfile_prefix` is set: "name | " and/or a time stamp followed by one space.
// iso8601 is local time with milliseconds and the UTC offset ("2026-12-03T08:30:51.123+00:00");
// a pattern goes through strftime in local time. The part that depends only on the second is
// formatted once per second, so stamping costs a copy per line, not a strftime.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>

#include "common/config.h"

namespace sup {

class LineStamp final {
 public:
  // `name` is used only with `prefix`.
  LineStamp(StampStyle style, std::string pattern, bool prefix, const std::string& name);

  bool active() const { return style_ != StampStyle::kNone || !prefix_.empty(); }
  // The text for a line that starts at `when`; valid until the next call. Lines read in
  // one chunk share a time, so this is formatted once per chunk at most.
  const std::string& text(std::chrono::system_clock::time_point when);
  void append(std::string& out, std::chrono::system_clock::time_point when) { out += text(when); }

 private:
  void refresh(std::int64_t second);

  StampStyle style_;
  std::string pattern_;
  std::string prefix_;  // "name | " or ""
  std::int64_t cached_second_ = INT64_MIN;
  std::string seconds_text_;  // iso8601: "2026-12-03T08:30:51"; pattern: the whole stamp
  std::string offset_text_;   // iso8601: "+00:00"
  std::int64_t cached_ms_ = INT64_MIN;
  std::string text_;  // the whole text for cached_ms_
};

// "+HH:MM" / "-HH:MM" for an offset east of UTC in seconds.
std::string utc_offset_text(long gmtoff_seconds);

}  // namespace sup
