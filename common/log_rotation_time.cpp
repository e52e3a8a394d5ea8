#include "common/log_rotation_time.h"

#include <ctime>

namespace sup {

std::chrono::system_clock::time_point next_rotation_boundary(RotateEvery every,
                                                             std::chrono::system_clock::time_point after) {
  using namespace std::chrono;
  std::time_t t = system_clock::to_time_t(after);
  // to_time_t may round up; the boundary must be after `after`, so start from its second.
  if (system_clock::from_time_t(t) > after) --t;
  for (std::time_t from = t;; from += 3600) {
    std::tm tm{};
    localtime_r(&from, &tm);
    tm.tm_min = 0;
    tm.tm_sec = 0;
    if (every == RotateEvery::kDaily) {
      tm.tm_hour = 0;
      tm.tm_mday += 1;
    } else {
      tm.tm_hour += 1;
    }
    tm.tm_isdst = -1;
    std::time_t next = std::mktime(&tm);
    // A repeated or skipped local hour can make mktime land at or before `after`.
    if (next != static_cast<std::time_t>(-1) && system_clock::from_time_t(next) > after) {
      return system_clock::from_time_t(next);
    }
  }
}

}  // namespace sup
