// The seam between the process core and the machine: the clocks, starting a child, sending a
// signal, reaping, and alarms. The core (supervisord/core/) asks only this interface, so its
// state machine runs the same against the real machine (PosixOs) and against a fake whose
// clock a test advances and whose children exist only on paper (tests/support/fake_os.h).
//
// Everything is called on the event-loop thread. An Os outlives every Supervisor using it.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <variant>

#include "supervisord/child/spawn_child.h"
#include "supervisord/child/spawn_error.h"

namespace sup {

using MonotonicClock = std::chrono::steady_clock;
using MonotonicTime = MonotonicClock::time_point;
using MonotonicDuration = MonotonicClock::duration;

// A one-shot wake-up at a monotonic time. Setting it again replaces the pending one; the
// callback never runs after cancel() or destruction.
class Alarm {
 public:
  virtual ~Alarm() = default;
  virtual void set(MonotonicTime at, std::function<void()> fire) = 0;
  virtual void cancel() = 0;
};

// One answer of waitpid(-1, WNOHANG).
struct ReapResult {
  enum class Kind { kChild, kNone, kError };
  Kind kind = Kind::kNone;
  pid_t pid = 0;    // kChild
  int status = 0;   // kChild: the raw wait status
  int errnum = 0;   // kError
};

class Os {
 public:
  virtual ~Os() = default;

  // For deadlines: never jumps.
  virtual MonotonicTime monotonic_now() = 0;
  // For what clients are shown (start/stop times, uptimes).
  virtual std::chrono::system_clock::time_point wall_now() = 0;

  // Starts a child as spawn_child() does; the request's descriptors are the child's ends.
  // With request.cgroup set, the child runs in that cgroup, made or reused first.
  virtual std::variant<pid_t, SpawnError> spawn(const SpawnRequest& request) = 0;
  // kill(2): `target` < 0 signals a process group. Returns 0 or the errno.
  virtual int kill(pid_t target, int sig) = 0;
  // Ends every process in a child's cgroup (child/cgroup.h).
  virtual void kill_cgroup(const std::string& path) = 0;
  // Removes a child's cgroup once it is empty (nothing happens when it is not, or is gone).
  virtual void remove_cgroup(const std::string& path) = 0;
  // One exited child, kNone when no child has exited (or there are no children).
  virtual ReapResult reap() = 0;

  virtual std::unique_ptr<Alarm> make_alarm() = 0;

  // Epoch seconds of wall_now(), as Supervisor's time.time() truncated.
  std::int64_t wall_seconds() {
    return std::chrono::duration_cast<std::chrono::seconds>(wall_now().time_since_epoch()).count();
  }
};

}  // namespace sup
