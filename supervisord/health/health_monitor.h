// The health checks of one daemon incarnation (README 'Health checks'): for every program
// with a healthcheck, probes while it is RUNNING and gives Process::set_health() its verdict.
//
// Rules, per run of a process (from entering RUNNING until leaving it):
//  * the first probe starts as the process enters RUNNING, each next one `interval` after
//    the previous one started (at once when that probe took longer); one in flight at most;
//  * a probe still running `timeout` after it started is cancelled and counts as failed;
//  * one passing probe: healthy; `retries` consecutive failures: unhealthy; every change
//    (starting -> healthy -> unhealthy -> healthy ...) is reported through set_health();
//  * failures during `start_period` after RUNNING do not count, until a probe has passed;
//  * with action=restart, becoming unhealthy restarts the process (Supervisor::restart_process)
//    and logs a WARN line naming the check and the failures.
// Leaving RUNNING ends the run: its probe is cancelled and its counters are forgotten.
//
// Lifetime: construct after the Supervisor (and its EventBus), before Supervisor::start();
// destroy before the Supervisor. Runs on the Supervisor's loop thread; timers and exec
// probes go through the Supervisor's Os, so a fake machine drives the monitor too.
#pragma once

#include <map>
#include <memory>
#include <string>

#include "supervisord/core/supervisor.h"
#include "supervisord/health/probe.h"

namespace sup {

class HealthMonitor final : public SupervisorObserver {
 public:
  explicit HealthMonitor(Supervisor& supervisor);
  ~HealthMonitor() override;
  HealthMonitor(const HealthMonitor&) = delete;
  HealthMonitor& operator=(const HealthMonitor&) = delete;

  // Processes with a run being checked now.
  std::size_t watched() const { return runs_.size(); }

  void on_process_state(Process& process, ProcessState from, bool expected) override;
  void on_group_removed(const std::string& name) override;

 private:
  struct Run;
  void begin(Process& process);
  void probe(Run& run);
  void finished(Run& run, ProbeResult result);

  Supervisor& supervisor_;
  // Keyed by the process; a Run never dereferences its process after the process left RUNNING.
  std::map<const Process*, std::unique_ptr<Run>> runs_;
};

}  // namespace sup
