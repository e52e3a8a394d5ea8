// A LogClock whose wall and monotonic times move only when a test says so, and a time-zone
// guard: TZ is set for the test and restored after, so local-time rules are checked in a
// known zone without tzdata (POSIX TZ strings).
#pragma once

#include <stdlib.h>
#include <time.h>

#include <chrono>
#include <optional>
#include <string>

#include "common/log_clock.h"

namespace sup::test {

class ManualClock final : public LogClock {
 public:
  explicit ManualClock(std::chrono::system_clock::time_point wall) : wall_(wall) {}
  std::chrono::system_clock::time_point wall_now() override { return wall_; }
  std::chrono::steady_clock::time_point monotonic_now() override { return mono_; }
  void advance(std::chrono::milliseconds step) {
    wall_ += step;
    mono_ += step;
  }

 private:
  std::chrono::system_clock::time_point wall_;
  std::chrono::steady_clock::time_point mono_{};
};

class ZoneGuard final {
 public:
  explicit ZoneGuard(const char* tz) {
    if (const char* old = ::getenv("TZ")) old_ = old;
    ::setenv("TZ", tz, 1);
    ::tzset();
  }
  ~ZoneGuard() {
    if (old_) ::setenv("TZ", old_->c_str(), 1); else ::unsetenv("TZ");
    ::tzset();
  }
  ZoneGuard(const ZoneGuard&) = delete;
  ZoneGuard& operator=(const ZoneGuard&) = delete;

 private:
  std::optional<std::string> old_;
};

// 2026-12-03T08:30:51.123Z plus `ms`.
inline std::chrono::system_clock::time_point sample_time(long long ms = 0) {
  return std::chrono::system_clock::time_point(std::chrono::milliseconds(1796286651123LL + ms));
}

}  // namespace sup::test
