// The clocks the log code reads: wall time for line stamps and time rotation, monotonic
// time for how long a partial line has been held. The daemon passes one backed by its Os
// seam (supervisord/child/os.h), so the core's fake machine controls these too; tests of
// common/ pass their own. Lifetime: outlives every file or channel that holds it.
#pragma once

#include <chrono>

namespace sup {

class LogClock {
 public:
  virtual ~LogClock() = default;
  virtual std::chrono::system_clock::time_point wall_now() = 0;
  virtual std::chrono::steady_clock::time_point monotonic_now() = 0;
};

// The machine's clocks; a process-wide object that is never destroyed.
LogClock& system_log_clock();

}  // namespace sup
