// The supervisor core: the process groups of one daemon incarnation, its mood
// (RUNNING / RESTARTING / SHUTDOWN), the event-driven main loop passes (process.md §2),
// reaping, shutdown ordering (§8.1), config re-read and group add/remove (§8.3).
//
// Everything runs on one thread, the one running io(). The loop is event driven: a "pass"
// (Supervisor's loop iteration: transitions in priority order, shutdown steps, waiters) is run
// whenever something happened (child exit, pipe EOF, signal, request, a deadline) and never
// when idle. Callers that change state through this API need not schedule anything.
//
// The machine is reached only through the Os given at construction (clocks, spawn, kill,
// reap, alarms), so the whole state machine runs against a fake in unit tests.
//
// This is the API the XML-RPC interface (supervisord/rpc/) is built on:
//  * lookups: groups(), find_group(), find_process(); Process::info() for getProcessInfo.
//  * operations: start_process(), stop_process(), signal_process(); add_waiter() for
//    deferred ("wait=true") answers, polled after every pass.
//  * logs: Process::logfile(), clear_logs(); log() for the main log (path(), clear()).
//  * daemon: state(), request_shutdown(), request_restart(), reopen_logs(), pid via getpid().
//  * config: reread_config(), add_group(), remove_group(), pending_config().
//  * events: add_observer(), send_remote_communication().
#pragma once

#include <sys/types.h>

#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

#include <boost/asio/io_context.hpp>

#include "common/config.h"
#include "common/log_main.h"
#include "supervisord/child/os.h"
#include "supervisord/core/daemon_settings.h"
#include "supervisord/core/process.h"
#include "supervisord/core/process_group.h"
#include "supervisord/core/process_host.h"
#include "supervisord/core/states.h"

namespace sup {

// Hooks for the event system. Callbacks run on the loop thread, synchronously, while the
// Supervisor is in a consistent state; they must not destroy processes or groups.
class SupervisorObserver {
 public:
  virtual ~SupervisorObserver() = default;
  // Every state change of a process; `expected` is meaningful for EXITED only.
  virtual void on_process_state(Process& process, ProcessState from, bool expected) {
    (void)process, (void)from, (void)expected;
  }
  // A chunk that went to a channel's normal (or, when `captured`, capture) sink.
  virtual void on_process_output(Process& process, Channel channel, std::string_view data, bool captured) {
    (void)process, (void)channel, (void)data, (void)captured;
  }
  // Capture mode was left (PROCESS_COMMUNICATION_*).
  virtual void on_process_capture(Process& process, Channel channel, const std::string& data) {
    (void)process, (void)channel, (void)data;
  }
  // true: the main loop starts (SUPERVISOR_STATE_CHANGE_RUNNING); false: first pass after a
  // shutdown or reload request (SUPERVISOR_STATE_CHANGE_STOPPING).
  virtual void on_supervisor_running(bool running) { (void)running; }
  virtual void on_group_added(ProcessGroup& group) { (void)group; }
  virtual void on_group_removed(const std::string& name) { (void)name; }
  // A program's health changed (ours: programs with a healthcheck only).
  virtual void on_process_health(Process& process, Health from) { (void)process, (void)from; }
  // supervisor.sendRemoteCommEvent (REMOTE_COMMUNICATION).
  virtual void on_remote_communication(std::string_view type, std::string_view data) { (void)type, (void)data; }
};

// What a start request did (Supervisor's startProcess checks, in its order).
struct StartResult {
  enum class Outcome {
    kStarted,         // spawned: STARTING, or already RUNNING for startsecs=0
    kWaiting,         // depends_on (ours): the start waits for dependencies
    kBadCommand,      // command resolution failed (`error`); nothing changed
    kAlreadyStarted,  // STARTING, RUNNING or BACKOFF
    kUnknownState,    // UNKNOWN
    kSpawnError,      // the spawn failed (spawnerr says why)
  };
  Outcome outcome = Outcome::kStarted;
  std::optional<SpawnError> error;  // kBadCommand
};

// What a stop request did.
struct StopResult {
  enum class Outcome { kStopping, kStopped, kNotRunning, kFailed };
  Outcome outcome = Outcome::kStopping;
  std::string message;  // kFailed: Supervisor's text
};

// What sending a signal did.
struct SignalResult {
  enum class Outcome { kSent, kNotRunning, kFailed };
  Outcome outcome = Outcome::kSent;
  std::string message;  // kFailed
};

// Whether stop_process reaps right after signalling, as Supervisor's stopProcess does. A group
// or all stop leaves it to SIGCHLD: each waitpid(-1) scans every child, O(N) per stopped
// process.
enum class ReapAfterStop { kNow, kOnSigchld };

// Re-reads the configuration (same command line). Returns the config or the error text.
using ConfigLoader = std::function<std::variant<Config, std::string>()>;
// Whether the next incarnation could start on `next` while this one runs on `current`
// (e.g. its new HTTP ports are free). Returns the error text when it could not.
using RestartCheck = std::function<std::optional<std::string>(const Config& current, const Config& next)>;

struct ConfigDiff {
  std::vector<std::string> added;
  std::vector<std::string> changed;
  std::vector<std::string> removed;
};

class Supervisor final : private ProcessHost {
 public:
  // `io`, `os` and `log` must outlive the Supervisor.
  Supervisor(boost::asio::io_context& io, Os& os, MainLog& log, Config config, DaemonSettings settings,
             ConfigLoader loader);
  ~Supervisor();
  Supervisor(const Supervisor&) = delete;
  Supervisor& operator=(const Supervisor&) = delete;

  // Creates every group (AUTO log files appear now). Call before start().
  void create_groups();
  // Enters the main loop: autostart processes are spawned on the first pass.
  void start();
  // Called once, from a pass, when a shutdown or reload has stopped everything.
  void set_on_finished(std::function<void(SupervisorState mood)> callback) { on_finished_ = std::move(callback); }

  boost::asio::io_context& io() override { return io_; }
  Os& os() override { return os_; }
  MainLog& log() override { return log_; }
  const Config& config() const { return *config_; }
  const DaemonSettings& settings() const override { return settings_; }
  SupervisorState state() const override { return mood_; }

  // In priority order (the loop's order).
  const std::vector<std::unique_ptr<ProcessGroup>>& groups() const { return groups_; }
  ProcessGroup* find_group(std::string_view name) const;
  Process* find_process(std::string_view group, std::string_view name) const;

  // Shutdown / reload requests (signals and RPC). A reload first re-reads the config: when it
  // is broken, or the restart check refuses it, the error is logged and the daemon keeps
  // running on the current one.
  void request_shutdown();
  void request_restart();
  void set_restart_check(RestartCheck check) { restart_check_ = std::move(check); }
  // The config the next incarnation starts with (set by a successful reload request).
  std::optional<Config> take_next_config() { return std::exchange(next_config_, std::nullopt); }
  // SIGUSR2 work: reopen the main log and the logs of running processes.
  void reopen_logs();
  // Dispatches a signal received by the daemon (process.md §9.4).
  void handle_signal(int sig);

  // Reaps every exited child now (waitpid loop) and applies the exit rules.
  void reap();
  // Runs a pass soon (after the current handler returns). Cheap; coalesced.
  void schedule_pass() override;

  // A start request (RPC startProcess): resolves the command first (a failure changes
  // nothing), spawns, applies an immediate exit and one transition at once, so that the
  // caller sees the state Supervisor's startProcess would leave.
  StartResult start_process(Process& process);
  // A stop request (RPC stopProcess).
  StopResult stop_process(Process& process, ReapAfterStop reap = ReapAfterStop::kNow);
  // Sends `sig` to a STARTING, RUNNING or STOPPING process (RPC signalProcess).
  SignalResult signal_process(Process& process, int sig);
  // Stops the process and starts it again once it is stopped (a health check's restart).
  // A no-op unless it is STARTING or RUNNING.
  void restart_process(Process& process);
  // A child that is not a Process (a health-check command): `on_exit` gets its wait status
  // when it is reaped. Lives until then; the Supervisor must outlive it.
  void watch_child(pid_t pid, std::function<void(int status)> on_exit) { watched_[pid] = std::move(on_exit); }
  // The exit status on_fatal / on_exit = shutdown asked for (ours), once it did.
  std::optional<int> exit_status() const { return exit_status_; }
  // Tells the observers (the event bus) of a REMOTE_COMMUNICATION event.
  void send_remote_communication(std::string_view type, std::string_view data);

  // A deferred request: `poll` runs after every pass until it returns true. When
  // `recheck` is set, a pass is guaranteed at least that often while it waits.
  void add_waiter(std::function<bool()> poll, std::optional<std::chrono::milliseconds> recheck = std::nullopt);

  // §8.3: re-parses the config and compares groups; the result is kept as pending_config().
  std::variant<ConfigDiff, std::string> reread_config();
  const Config& pending_config() const { return pending_config_ ? *pending_config_ : *config_; }
  enum class GroupChange { kOk, kBadName, kAlreadyAdded, kStillRunning };
  // Adds a group from pending_config(); its autostart processes start on the next pass.
  GroupChange add_group(const std::string& name);
  // Removes a group whose processes are all stopped.
  GroupChange remove_group(const std::string& name);

  void add_observer(SupervisorObserver* observer);
  void remove_observer(SupervisorObserver* observer);

 private:
  // ProcessHost, for the processes of this supervisor only.
  const SupervisordConfig& daemon_config() const override { return config_->supervisord; }
  void child_started(pid_t pid, Process& process) override { pids_[pid] = &process; }
  void child_gone(pid_t pid) override { pids_.erase(pid); }
  void process_state_changed(Process& process, ProcessState from, bool expected) override;
  void process_output(Process& process, Channel channel, std::string_view data, bool captured) override;
  void process_capture(Process& process, Channel channel, const std::string& data) override;
  void process_health_changed(Process& process, Health from) override;
  DependencyCheck check_dependencies(Process& process) override;
  void fail_fast(Process& process, int exit_status, const std::string& reason) override;

  // depends_on (ours): processes whose dependencies include `process`, not stopped or
  // waiting to start. Empty when no program declares a dependency.
  std::vector<Process*> dependants_of(const Process& process) const;
  // The order in which shutdown stops groups (from the back): by priority, and with
  // depends_on every group after the groups it depends on.
  std::vector<ProcessGroup*> stop_order() const;
  void run_pending_stops();

  void run_pass();
  void arm_timer();
  bool shutdown_report();
  void insert_group(std::unique_ptr<ProcessGroup> group);
  // Observers may add or remove observers while being told: each call sees a copy.
  template <typename Call>
  void tell_observers(Call call);

  boost::asio::io_context& io_;
  Os& os_;
  MainLog& log_;
  // Shared with the groups made from them: a ProcessGroup and its processes refer to their
  // configs inside the Config they came from, so a program's config exists once (issue 8).
  std::shared_ptr<const Config> config_;
  std::shared_ptr<const Config> pending_config_;
  std::optional<Config> next_config_;
  DaemonSettings settings_;
  ConfigLoader loader_;
  RestartCheck restart_check_;
  SupervisorState mood_ = SupervisorState::kRunning;
  std::vector<std::unique_ptr<ProcessGroup>> groups_;
  std::map<pid_t, Process*> pids_;
  std::map<pid_t, std::function<void(int)>> watched_;
  // depends_on (ours): stop requests waiting until their dependants have stopped, by name.
  std::vector<std::pair<std::string, std::string>> pending_stops_;
  bool any_dependencies_ = false;
  std::optional<int> exit_status_;
  std::vector<SupervisorObserver*> observers_;
  struct Waiter {
    std::function<bool()> poll;
    std::optional<std::chrono::milliseconds> recheck;
  };
  std::vector<Waiter> waiters_;

  bool started_ = false;
  bool pass_posted_ = false;
  bool in_pass_ = false;
  bool stopping_ = false;
  bool finished_ = false;
  std::vector<ProcessGroup*> stop_groups_;
  std::optional<MonotonicTime> last_shutdown_report_;
  std::unique_ptr<Alarm> alarm_;
  std::optional<MonotonicTime> alarm_at_;
  std::function<void(SupervisorState)> on_finished_;
  // Outlives handlers posted to io_: they check it before touching `this`.
  std::shared_ptr<bool> alive_ = std::make_shared<bool>(true);
};

}  // namespace sup
