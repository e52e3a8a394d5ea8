#include "supervisord/core/supervisor.h"

#include <signal.h>

#include <algorithm>
#include <cerrno>

#include <boost/asio/post.hpp>
#include <fmt/format.h>

#include "common/config_lifecycle.h"
#include "supervisord/child/wait_status.h"
#include "supervisord/core/config_diff.h"

namespace sup {

namespace {

constexpr auto kShutdownReportInterval = std::chrono::seconds(3);

}  // namespace

Supervisor::Supervisor(boost::asio::io_context& io, Os& os, MainLog& log, Config config, DaemonSettings settings,
                       ConfigLoader loader)
    : io_(io),
      os_(os),
      log_(log),
      config_(std::make_shared<const Config>(std::move(config))),
      settings_(std::move(settings)),
      loader_(std::move(loader)),
      alarm_(os.make_alarm()) {}

Supervisor::~Supervisor() {
  *alive_ = false;
  alarm_->cancel();
  // Processes may still hold pipes; their pids are forgotten (the daemon is exiting).
  groups_.clear();
}

void Supervisor::create_groups() {
  for (const GroupConfig& gc : config_->groups) insert_group(std::make_unique<ProcessGroup>(static_cast<ProcessHost&>(*this), config_, gc));
}

void Supervisor::insert_group(std::unique_ptr<ProcessGroup> group) {
  // After every group of the same priority: a group added later sorts after the originals.
  auto at = std::upper_bound(groups_.begin(), groups_.end(), group->priority(),
                             [](int prio, const std::unique_ptr<ProcessGroup>& g) { return prio < g->priority(); });
  for (const ProcessConfig& p : group->config().processes) {
    any_dependencies_ = any_dependencies_ || (p.lifecycle && !p.lifecycle->depends_on.empty());
  }
  ProcessGroup& added = **groups_.insert(at, std::move(group));
  tell_observers([&added](SupervisorObserver& o) { o.on_group_added(added); });
}

void Supervisor::start() {
  started_ = true;
  tell_observers([](SupervisorObserver& o) { o.on_supervisor_running(true); });
  schedule_pass();
}

ProcessGroup* Supervisor::find_group(std::string_view name) const {
  for (const auto& g : groups_) {
    if (g->name() == name) return g.get();
  }
  return nullptr;
}

Process* Supervisor::find_process(std::string_view group, std::string_view name) const {
  ProcessGroup* g = find_group(group);
  return g ? g->find(std::string(name)) : nullptr;
}

void Supervisor::request_shutdown() {
  mood_ = SupervisorState::kShutdown;
  schedule_pass();
}

void Supervisor::request_restart() {
  if (mood_ == SupervisorState::kShutdown) return;
  if (loader_) {
    // Deliberate improvement over Supervisor (which stops everything and exits 2): a broken
    // configuration is reported and the daemon carries on with the current one.
    auto loaded = loader_();
    if (auto* error = std::get_if<std::string>(&loaded)) {
      log_.critical("could not reload the configuration, keeping the current one: " + *error);
      return;
    }
    if (restart_check_) {
      if (auto error = restart_check_(*config_, std::get<Config>(loaded))) {
        log_.critical("could not reload the configuration, keeping the current one: " + *error);
        return;
      }
    }
    next_config_ = std::move(std::get<Config>(loaded));
  }
  mood_ = SupervisorState::kRestarting;
  schedule_pass();
}

void Supervisor::reopen_logs() {
  log_.info("supervisord logreopen");
  log_.reopen();
  for (const auto& g : groups_) {
    for (const auto& p : g->processes()) p->reopen_logs();
  }
}

void Supervisor::handle_signal(int sig) {
  std::string name = signal_log_name(sig);
  switch (sig) {
    case SIGTERM:
    case SIGINT:
    case SIGQUIT:
      log_.warn(fmt::format("received {} indicating exit request", name));
      request_shutdown();
      break;
    case SIGHUP:
      if (mood_ == SupervisorState::kShutdown) {
        log_.warn(fmt::format("ignored {} indicating restart request (shutdown in progress)", name));
      } else {
        log_.warn(fmt::format("received {} indicating restart request", name));
        request_restart();
      }
      break;
    case SIGCHLD:
      reap();
      log_.debug(fmt::format("received {} indicating a child quit", name));
      break;
    case SIGUSR2:
      log_.info(fmt::format("received {} indicating log reopen request", name));
      reopen_logs();
      break;
    default:
      log_.blather(fmt::format("received {} indicating nothing", name));
      break;
  }
}

void Supervisor::reap() {
  for (;;) {
    ReapResult reaped = os_.reap();
    if (reaped.kind == ReapResult::Kind::kNone) break;
    if (reaped.kind == ReapResult::Kind::kError) {
      log_.critical(fmt::format("waitpid error {}; a process may not be cleaned up properly", reaped.errnum));
      break;
    }
    if (auto watched = watched_.find(reaped.pid); watched != watched_.end()) {
      auto on_exit = std::move(watched->second);
      watched_.erase(watched);
      on_exit(reaped.status);
      continue;
    }
    auto it = pids_.find(reaped.pid);
    if (it == pids_.end()) {
      // As a subreaper we also reap orphaned grandchildren, which Python's supervisord never
      // sees; logging them at INFO would add lines the reference does not have.
      log_.debug(fmt::format("reaped unknown pid {} ({})", reaped.pid, decode_wait_status(reaped.status).text));
      continue;
    }
    it->second->on_exit(reaped.status);
  }
  schedule_pass();
}

StartResult Supervisor::start_process(Process& process) {
  using Outcome = StartResult::Outcome;
  // Checked first so that a spawn known to fail is not attempted.
  if (auto error = process.check_command()) return {Outcome::kBadCommand, std::move(error)};
  const ProcessState state = process.state();
  if (is_running_state(state)) return {Outcome::kAlreadyStarted, {}};
  if (state == ProcessState::kUnknown) return {Outcome::kUnknownState, {}};
  // A STOPPING process still has its pid: spawn() refuses it ("already running") without a
  // state change, and a waiting caller then sees a state other than STARTING/RUNNING.
  process.reset_respawn_pacing();
  process.want_start();
  if (process.waiting_to_start()) return {Outcome::kWaiting, {}};
  // Side effects of an immediate exit (spawnerr) now rather than after the next pass.
  reap();
  if (!process.spawnerr().empty()) return {Outcome::kSpawnError, {}};
  // Its side effects now, as Supervisor: STARTING -> RUNNING for startsecs=0.
  process.transition();
  return {Outcome::kStarted, {}};
}

StopResult Supervisor::stop_process(Process& process, ReapAfterStop reap_after) {
  using Outcome = StopResult::Outcome;
  process.cancel_retry();
  if (process.waiting_to_start()) {
    process.cancel_start("");
    return {Outcome::kStopped, {}};
  }
  if (!is_running_state(process.state())) return {Outcome::kNotRunning, {}};
  if (any_dependencies_) {
    // Dependants go first; this one follows once they are all stopped (run_pending_stops).
    std::vector<Process*> dependants = dependants_of(process);
    if (!dependants.empty()) {
      for (Process* d : dependants) stop_process(*d, reap_after);
      if (!dependants_of(process).empty()) {
        pending_stops_.emplace_back(process.group().name(), process.name());
        return {Outcome::kStopping, {}};
      }
    }
  }
  if (auto message = process.stop()) return {Outcome::kFailed, std::move(*message)};
  if (reap_after == ReapAfterStop::kNow) reap();
  return {is_stopped_state(process.state()) ? Outcome::kStopped : Outcome::kStopping, {}};
}

SignalResult Supervisor::signal_process(Process& process, int sig) {
  using Outcome = SignalResult::Outcome;
  if (!is_signallable_state(process.state())) return {Outcome::kNotRunning, {}};
  if (auto message = process.signal(sig)) return {Outcome::kFailed, std::move(*message)};
  return {Outcome::kSent, {}};
}

void Supervisor::restart_process(Process& process) {
  if (process.state() != ProcessState::kRunning && process.state() != ProcessState::kStarting) return;
  if (stop_process(process).outcome == StopResult::Outcome::kFailed) return;
  // By name: the group may be removed before the stop completes.
  add_waiter([this, group = process.group().name(), name = process.name()] {
    Process* p = find_process(group, name);
    if (p == nullptr || mood_ != SupervisorState::kRunning) return true;
    if (!is_stopped_state(p->state())) return false;
    start_process(*p);
    return true;
  });
}

DependencyCheck Supervisor::check_dependencies(Process& process) {
  using Verdict = DependencyCheck::Verdict;
  std::string waiting;
  for (const Dependency& dep : process.config().lifecycle->depends_on) {
    const bool healthy = dep.condition == Dependency::Condition::kHealthy;
    for (const auto& [group, name] : dep.targets) {
      Process* d = find_process(group, name);
      std::string label = group == name ? name : group + ":" + name;
      if (d == nullptr) return {Verdict::kFailed, "dependency " + label + " is not in the configuration"};
      const ProcessState state = d->state();
      if (state == ProcessState::kRunning && (!healthy || d->health() == Health::kHealthy)) continue;
      if (state == ProcessState::kFatal || state == ProcessState::kUnknown) {
        return {Verdict::kFailed, fmt::format("dependency {} is {}", label, process_state_name(state))};
      }
      if (is_stopped_state(state) && !d->waiting_to_start()) {
        // Started once for this wait; stopped again means it will not come up by itself.
        if (std::find(process.started_dependencies().begin(), process.started_dependencies().end(), label) !=
            process.started_dependencies().end()) {
          return {Verdict::kFailed, fmt::format("dependency {} is {}", label, process_state_name(state))};
        }
        process.note_started_dependency(label);
        d->want_start();
      }
      if (!waiting.empty()) waiting += ", ";
      waiting += label + (healthy ? " (healthy)" : "");
    }
  }
  if (waiting.empty()) return {Verdict::kReady, {}};
  return {Verdict::kWaiting, "waiting for " + waiting};
}

std::vector<Process*> Supervisor::dependants_of(const Process& process) const {
  std::vector<Process*> out;
  if (!any_dependencies_) return out;
  const std::string& group = process.group().name();
  for (const auto& g : groups_) {
    for (const auto& p : g->processes()) {
      if (!p->config().lifecycle || (is_stopped_state(p->state()) && !p->waiting_to_start())) continue;
      for (const Dependency& dep : p->config().lifecycle->depends_on) {
        bool needs = std::any_of(dep.targets.begin(), dep.targets.end(), [&](const auto& t) {
          return t.first == group && t.second == process.name();
        });
        if (needs) {
          out.push_back(p.get());
          break;
        }
      }
    }
  }
  return out;
}

void Supervisor::run_pending_stops() {
  for (auto it = pending_stops_.begin(); it != pending_stops_.end();) {
    Process* p = find_process(it->first, it->second);
    if (p != nullptr && !dependants_of(*p).empty()) {
      ++it;
      continue;
    }
    it = pending_stops_.erase(it);
    if (p != nullptr && is_running_state(p->state())) p->stop();
  }
}

std::vector<ProcessGroup*> Supervisor::stop_order() const {
  std::vector<ProcessGroup*> order;
  for (const auto& g : groups_) order.push_back(g.get());
  if (!any_dependencies_) return order;
  // A stable topological sort: a group moves behind every group it depends on, so that
  // stopping from the back stops dependants first. Cycles are refused by the config loader.
  auto depends = [](const ProcessGroup* a, const ProcessGroup* b) {
    for (const auto& p : a->processes()) {
      if (!p->config().lifecycle) continue;
      for (const Dependency& dep : p->config().lifecycle->depends_on) {
        for (const auto& target : dep.targets) {
          if (target.first == b->name() && a != b) return true;
        }
      }
    }
    return false;
  };
  std::vector<ProcessGroup*> sorted;
  while (!order.empty()) {
    auto ready = std::find_if(order.begin(), order.end(), [&](ProcessGroup* g) {
      return std::none_of(order.begin(), order.end(), [&](ProcessGroup* other) { return depends(g, other); });
    });
    if (ready == order.end()) ready = order.begin();
    sorted.push_back(*ready);
    order.erase(ready);
  }
  return sorted;
}

void Supervisor::fail_fast(Process& process, int exit_status, const std::string& reason) {
  (void)process;
  if (mood_ != SupervisorState::kRunning) return;
  log_.critical("shutting down: " + reason);
  exit_status_ = exit_status;
  request_shutdown();
}

void Supervisor::send_remote_communication(std::string_view type, std::string_view data) {
  tell_observers([type, data](SupervisorObserver& o) { o.on_remote_communication(type, data); });
}

void Supervisor::schedule_pass() {
  if (pass_posted_ || finished_) return;
  pass_posted_ = true;
  std::weak_ptr<bool> alive = alive_;
  boost::asio::post(io_, [this, alive] {
    auto token = alive.lock();
    if (!token || !*token) return;
    pass_posted_ = false;
    run_pass();
  });
}

void Supervisor::add_waiter(std::function<bool()> poll, std::optional<std::chrono::milliseconds> recheck) {
  waiters_.push_back({std::move(poll), recheck});
  schedule_pass();
}

bool Supervisor::shutdown_report() {
  std::vector<Process*> unstopped;
  for (const auto& g : groups_) {
    for (Process* p : g->unstopped()) unstopped.push_back(p);
  }
  if (unstopped.empty()) return false;
  auto now = os_.monotonic_now();
  if (!last_shutdown_report_ || now > *last_shutdown_report_ + kShutdownReportInterval) {
    std::string names;
    for (Process* p : unstopped) {
      if (!names.empty()) names += ", ";
      names += p->name();
    }
    log_.info(fmt::format("waiting for {} to die", names));
    last_shutdown_report_ = now;
    for (Process* p : unstopped) {
      log_.blather(fmt::format("{} state: {}", p->name(), process_state_name(p->state())));
    }
  }
  return true;
}

void Supervisor::run_pass() {
  if (finished_ || !started_) return;
  if (mood_ != SupervisorState::kRunning) {
    if (!stopping_) {
      stopping_ = true;
      stop_groups_ = stop_order();
      tell_observers([](SupervisorObserver& o) { o.on_supervisor_running(false); });
    }
    if (!stop_groups_.empty()) stop_groups_.back()->stop_all();
    if (!shutdown_report()) {
      finished_ = true;
      alarm_->cancel();
      if (on_finished_) boost::asio::post(io_, [callback = on_finished_, mood = mood_] { callback(mood); });
      return;
    }
  }
  for (const auto& g : groups_) {
    for (const auto& p : g->processes()) p->transition();
  }
  if (!pending_stops_.empty()) run_pending_stops();
  if (mood_ != SupervisorState::kRunning && !stop_groups_.empty()) {
    // Phase 2: move on to the next group once every process of this one is stopped.
    if (stop_groups_.back()->unstopped().empty()) {
      stop_groups_.pop_back();
      schedule_pass();
    }
  }
  if (!waiters_.empty()) {
    std::vector<Waiter> pending = std::move(waiters_);
    waiters_.clear();
    for (Waiter& w : pending) {
      if (!w.poll()) waiters_.push_back(std::move(w));
    }
  }
  arm_timer();
}

void Supervisor::arm_timer() {
  std::optional<MonotonicTime> wake;
  auto consider = [&wake](MonotonicTime t) {
    if (!wake || t < *wake) wake = t;
  };
  auto now = os_.monotonic_now();
  for (const auto& g : groups_) {
    for (const auto& p : g->processes()) {
      if (auto t = p->wake_time(now)) consider(*t);
    }
  }
  for (const Waiter& w : waiters_) {
    if (w.recheck) consider(now + *w.recheck);
  }
  if (stopping_ && last_shutdown_report_) consider(*last_shutdown_report_ + kShutdownReportInterval + std::chrono::milliseconds(1));
  if (!wake) {
    if (alarm_at_) alarm_->cancel();
    alarm_at_.reset();
    return;
  }
  if (alarm_at_ && *alarm_at_ == *wake) return;
  alarm_at_ = *wake;
  alarm_->set(*wake, [this] {
    alarm_at_.reset();
    run_pass();
  });
}

template <typename Call>
void Supervisor::tell_observers(Call call) {
  for (SupervisorObserver* o : std::vector<SupervisorObserver*>(observers_)) call(*o);
}

void Supervisor::process_state_changed(Process& process, ProcessState from, bool expected) {
  tell_observers([&](SupervisorObserver& o) { o.on_process_state(process, from, expected); });
}

// The hot path of log capture: observers are not added or removed by output, so no copy.
void Supervisor::process_output(Process& process, Channel channel, std::string_view data, bool captured) {
  for (SupervisorObserver* o : observers_) o->on_process_output(process, channel, data, captured);
}

void Supervisor::process_health_changed(Process& process, Health from) {
  tell_observers([&](SupervisorObserver& o) { o.on_process_health(process, from); });
}

void Supervisor::process_capture(Process& process, Channel channel, const std::string& data) {
  tell_observers([&](SupervisorObserver& o) { o.on_process_capture(process, channel, data); });
}

void Supervisor::add_observer(SupervisorObserver* observer) { observers_.push_back(observer); }

void Supervisor::remove_observer(SupervisorObserver* observer) {
  observers_.erase(std::remove(observers_.begin(), observers_.end(), observer), observers_.end());
}

std::variant<ConfigDiff, std::string> Supervisor::reread_config() {
  if (!loader_) return std::string("no configuration loader");
  auto loaded = loader_();
  if (auto* error = std::get_if<std::string>(&loaded)) return *error;
  pending_config_ = std::make_shared<const Config>(std::move(std::get<Config>(loaded)));
  ConfigDiff diff;
  for (const GroupConfig& candidate : pending_config_->groups) {
    ProcessGroup* running = find_group(candidate.name);
    if (!running) {
      diff.added.push_back(candidate.name);
    } else if (!group_configs_equal(running->config(), candidate)) {
      diff.changed.push_back(candidate.name);
    }
  }
  for (const auto& g : groups_) {
    bool present = std::any_of(pending_config_->groups.begin(), pending_config_->groups.end(),
                               [&g](const GroupConfig& c) { return c.name == g->name(); });
    if (!present) diff.removed.push_back(g->name());
  }
  return diff;
}

Supervisor::GroupChange Supervisor::add_group(const std::string& name) {
  const std::shared_ptr<const Config>& source = pending_config_ ? pending_config_ : config_;
  auto it = std::find_if(source->groups.begin(), source->groups.end(),
                         [&name](const GroupConfig& c) { return c.name == name; });
  if (it == source->groups.end()) return GroupChange::kBadName;
  if (find_group(name)) return GroupChange::kAlreadyAdded;
  insert_group(std::make_unique<ProcessGroup>(static_cast<ProcessHost&>(*this), source, *it));
  schedule_pass();
  return GroupChange::kOk;
}

Supervisor::GroupChange Supervisor::remove_group(const std::string& name) {
  auto it = std::find_if(groups_.begin(), groups_.end(), [&name](const auto& g) { return g->name() == name; });
  if (it == groups_.end()) return GroupChange::kBadName;
  if (!(*it)->unstopped().empty()) return GroupChange::kStillRunning;
  stop_groups_.erase(std::remove(stop_groups_.begin(), stop_groups_.end(), it->get()), stop_groups_.end());
  groups_.erase(it);
  tell_observers([&name](SupervisorObserver& o) { o.on_group_removed(name); });
  return GroupChange::kOk;
}

}  // namespace sup
