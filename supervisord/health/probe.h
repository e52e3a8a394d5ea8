// One health probe in flight: what a probe reports, and the handle that owns it. A probe
// finishes on the event loop, never inside the call that started it; destroying its handle
// cancels it (sockets closed, a check command's process group killed) and its callback then
// never runs. The monitor (health_monitor.h) bounds every probe with its own deadline, so a
// probe needs no timer of its own.
//
// Lifetime: a handle lives as long as its owner wants the probe; whatever the probe uses (the
// io_context, the Supervisor) must outlive the handle.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <utility>

#include <boost/asio/io_context.hpp>

#include "common/config_lifecycle.h"

namespace sup {

class Process;
class Supervisor;

struct ProbeResult {
  enum class Outcome { kPassed, kFailed };
  Outcome outcome = Outcome::kFailed;
  std::string detail;  // why it failed ("connection refused", "HTTP status 500"); "" when passed

  static ProbeResult passed() { return {Outcome::kPassed, {}}; }
  static ProbeResult failed(std::string why) { return {Outcome::kFailed, std::move(why)}; }
  bool ok() const { return outcome == Outcome::kPassed; }
};

using ProbeDone = std::function<void(ProbeResult)>;

class Probe final {
 public:
  // `cancel` runs once, when the handle is destroyed; it must make the probe's callback a no-op.
  explicit Probe(std::function<void()> cancel) : cancel_(std::move(cancel)) {}
  ~Probe() {
    if (cancel_) cancel_();
  }
  Probe(const Probe&) = delete;
  Probe& operator=(const Probe&) = delete;

 private:
  std::function<void()> cancel_;
};

// A probe that fails with `why` as soon as the loop runs (a target that cannot be parsed, a
// command that cannot be spawned).
std::unique_ptr<Probe> fail_probe_soon(boost::asio::io_context& io, ProbeDone done, std::string why);

// Starts the probe `check` describes for `process` (exec probes run as its user, in its
// directory and environment); `done` gets the outcome once, on the loop.
std::unique_ptr<Probe> start_probe(Supervisor& supervisor, const Process& process, const HealthCheckConfig& check,
                                   ProbeDone done);

}  // namespace sup
