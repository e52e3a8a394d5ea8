#include "supervisord/health/health_monitor.h"

#include <algorithm>
#include <chrono>
#include <utility>

#include <fmt/format.h>

#include "supervisord/core/process_group.h"

namespace sup {

namespace {

MonotonicClock::duration seconds(double s) {
  return std::chrono::duration_cast<MonotonicClock::duration>(std::chrono::duration<double>(s));
}

const HealthCheckConfig* check_of(const Process& process) {
  const auto& lifecycle = process.config().lifecycle;
  return lifecycle && lifecycle->healthcheck ? &*lifecycle->healthcheck : nullptr;
}

}  // namespace

// One run of one process. Its alarm and probe die with it, so their callbacks never see a
// Run that is gone.
struct HealthMonitor::Run {
  Run(Process& p, const HealthCheckConfig& c, std::unique_ptr<Alarm> a, MonotonicTime now)
      : process(p), check(c), group(p.group().name()), alarm(std::move(a)), running_since(now) {}

  Process& process;
  const HealthCheckConfig& check;  // in the process' config, which outlives the process
  std::string group;
  std::unique_ptr<Alarm> alarm;  // the next probe, or the deadline of the one in flight
  std::unique_ptr<Probe> probe;  // in flight
  MonotonicTime running_since;
  MonotonicTime probe_started{};
  int failures = 0;  // consecutive
  bool passed_once = false;
};

HealthMonitor::HealthMonitor(Supervisor& supervisor) : supervisor_(supervisor) {
  supervisor_.add_observer(this);
  for (const auto& group : supervisor_.groups()) {
    for (const auto& process : group->processes()) {
      if (process->state() == ProcessState::kRunning && check_of(*process)) begin(*process);
    }
  }
}

HealthMonitor::~HealthMonitor() {
  supervisor_.remove_observer(this);
  runs_.clear();
}

void HealthMonitor::on_process_state(Process& process, ProcessState from, bool expected) {
  (void)from, (void)expected;
  if (process.state() != ProcessState::kRunning) {
    runs_.erase(&process);
    return;
  }
  if (check_of(process)) begin(process);
}

// Removed groups hold only stopped processes, whose runs are over; this guards against a
// Run outliving its process all the same, without touching the (destroyed) process.
void HealthMonitor::on_group_removed(const std::string& name) {
  for (auto it = runs_.begin(); it != runs_.end();) {
    it = it->second->group == name ? runs_.erase(it) : std::next(it);
  }
}

void HealthMonitor::begin(Process& process) {
  Os& os = supervisor_.os();
  MonotonicTime now = os.monotonic_now();
  auto run = std::make_unique<Run>(process, *check_of(process), os.make_alarm(), now);
  Run& r = *run;
  runs_[&process] = std::move(run);
  // From the loop, not from inside the state change that is being reported.
  r.alarm->set(now, [this, &r] { probe(r); });
}

void HealthMonitor::probe(Run& r) {
  MonotonicTime now = supervisor_.os().monotonic_now();
  r.probe_started = now;
  r.probe =
      start_probe(supervisor_, r.process, r.check, [this, &r](ProbeResult result) { finished(r, std::move(result)); });
  r.alarm->set(now + seconds(r.check.timeout), [this, &r] {
    r.probe.reset();  // cancels it: a check command's process group is killed
    finished(r, ProbeResult::failed(fmt::format("timed out after {:g} s", r.check.timeout)));
  });
}

void HealthMonitor::finished(Run& r, ProbeResult result) {
  // Kept until this returns: the probe may be the caller of this function.
  std::unique_ptr<Probe> done = std::move(r.probe);
  MainLog& log = supervisor_.log();
  Process& process = r.process;
  const HealthCheckConfig& check = r.check;
  MonotonicTime now = supervisor_.os().monotonic_now();
  // Set first: the verdict below may end the run (a restart), and `r` with it.
  r.alarm->set(std::max(now, r.probe_started + seconds(check.interval)), [this, &r] { probe(r); });

  if (result.ok()) {
    r.failures = 0;
    r.passed_once = true;
    if (process.health() != Health::kHealthy) {
      log.info(fmt::format("health: {} is healthy ({})", process.name(), check.spec));
      process.set_health(Health::kHealthy);
    }
    return;
  }
  if (!r.passed_once && now - r.running_since < seconds(check.start_period)) {
    log.debug(fmt::format("health: check of {} failed in its start period: {}: {}", process.name(), check.spec,
                          result.detail));
    return;
  }
  ++r.failures;
  log.debug(fmt::format("health: check of {} failed ({} in a row): {}: {}", process.name(), r.failures, check.spec,
                        result.detail));
  if (r.failures < check.retries || process.health() == Health::kUnhealthy) return;
  // Not while shutting down or reloading: the process is about to be stopped in its turn.
  bool restart =
      check.action == HealthCheckConfig::Action::kRestart && supervisor_.state() == SupervisorState::kRunning;
  std::string failures = r.failures == 1 ? "1 failed check" : fmt::format("{} consecutive failed checks", r.failures);
  log.warn(fmt::format("health: {} is unhealthy: {} of {} (last: {}){}", process.name(), failures, check.spec,
                       result.detail, restart ? "; restarting it" : ""));
  process.set_health(Health::kUnhealthy);
  if (restart) supervisor_.restart_process(process);
}

}  // namespace sup
