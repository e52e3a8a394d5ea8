#include "common/log_clock.h"

namespace sup {

namespace {

class SystemLogClock final : public LogClock {
 public:
  std::chrono::system_clock::time_point wall_now() override { return std::chrono::system_clock::now(); }
  std::chrono::steady_clock::time_point monotonic_now() override { return std::chrono::steady_clock::now(); }
};

}  // namespace

LogClock& system_log_clock() {
  static SystemLogClock* clock = new SystemLogClock;  // never destroyed: usable from any destructor
  return *clock;
}

}  // namespace sup
