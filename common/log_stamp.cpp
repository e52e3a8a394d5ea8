#include "common/log_stamp.h"

#include <ctime>

#include <fmt/format.h>

namespace sup {

std::string utc_offset_text(long gmtoff_seconds) {
  char sign = gmtoff_seconds < 0 ? '-' : '+';
  long minutes = (gmtoff_seconds < 0 ? -gmtoff_seconds : gmtoff_seconds) / 60;
  return fmt::format("{}{:02}:{:02}", sign, minutes / 60, minutes % 60);
}

LineStamp::LineStamp(StampStyle style, std::string pattern, bool prefix, const std::string& name)
    : style_(style), pattern_(std::move(pattern)) {
  if (prefix) prefix_ = name + " | ";
}

void LineStamp::refresh(std::int64_t second) {
  cached_second_ = second;
  std::time_t t = static_cast<std::time_t>(second);
  std::tm tm{};
  localtime_r(&t, &tm);
  if (style_ == StampStyle::kIso8601) {
    seconds_text_ = fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday,
                                tm.tm_hour, tm.tm_min, tm.tm_sec);
    offset_text_ = utc_offset_text(tm.tm_gmtoff);
    return;
  }
  // strftime returns 0 both for "did not fit" and for an empty result: grow a few times.
  seconds_text_.clear();
  for (std::size_t size = 128; size <= 8192; size *= 4) {
    std::string buffer(size, '\0');
    std::size_t n = std::strftime(buffer.data(), buffer.size(), pattern_.c_str(), &tm);
    if (n > 0) {
      buffer.resize(n);
      seconds_text_ = std::move(buffer);
      break;
    }
  }
}

const std::string& LineStamp::text(std::chrono::system_clock::time_point when) {
  if (style_ == StampStyle::kNone) return prefix_;
  using namespace std::chrono;
  std::int64_t ms = duration_cast<milliseconds>(when.time_since_epoch()).count();
  if (ms == cached_ms_) return text_;
  cached_ms_ = ms;
  std::int64_t second = ms >= 0 ? ms / 1000 : (ms - 999) / 1000;
  if (second != cached_second_) refresh(second);
  text_ = prefix_;
  text_ += seconds_text_;
  if (style_ == StampStyle::kIso8601) {
    int millis = static_cast<int>(ms - second * 1000);
    char frac[4] = {'.', static_cast<char>('0' + millis / 100), static_cast<char>('0' + millis / 10 % 10),
                    static_cast<char>('0' + millis % 10)};
    text_.append(frac, 4);
    text_ += offset_text_;
  }
  text_ += ' ';
  return text_;
}

}  // namespace sup
