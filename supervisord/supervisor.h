// The supervisor core: the process groups of one daemon incarnation, its mood
// (RUNNING / RESTARTING / SHUTDOWN), the event-driven main loop passes (process.md §2),
// reaping, shutdown ordering (§8.1), config re-read and group add/remove (§8.3).
//
// Everything runs on one thread, the one running io(). The loop is event driven: a "pass"
// (Supervisor's loop iteration: transitions in priority order, shutdown steps, waiters) is run
// whenever something happened (child exit, pipe EOF, signal, request, a deadline) and never
// when idle. Callers that change state through this API need not schedule anything.
//
// This is the API the XML-RPC interface (supervisord/rpc_*.cpp) is built on:
//  * lookups: groups(), find_group(), find_process(); Process::info() for getProcessInfo.
//  * start/stop/signal: Process::check_command()/spawn()/stop()/signal(); reap() and
//    Process::transition() to get their side effects at once (as Supervisor's startProcess
//    does); add_waiter() for deferred ("wait=true") answers, polled after every pass.
//  * logs: Process::logfile(), clear_logs(); log() for the main log (path(), clear()).
//  * daemon: state(), request_shutdown(), request_restart(), reopen_logs(), pid via getpid().
//  * config: reread_config(), add_group(), remove_group(), pending_config().
//  * events: add_observer().
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
#include <boost/asio/steady_timer.hpp>

#include "common/config.h"
#include "common/log_main.h"
#include "supervisord/process.h"
#include "supervisord/process_group.h"
#include "supervisord/states.h"

namespace sup {

// Daemon settings, derived from the environment and the configuration file.
struct DaemonSettings {
  // supervisord's own environment at start-up: the base of every child's (process.md §5.4).
  std::vector<std::pair<std::string, std::string>> environment;
  // Daemon-wide SUPERVISOR_SERVER_URL ("" = not set), derived from the HTTP servers.
  std::string serverurl;
  // Crash-loop pacing (0 = Supervisor's tight loop): a run that dies less than this after its
  // spawn is a quick death. The first of a streak respawns at once; from the second on, the
  // respawn waits until this much time has passed since the spawn. A longer run, or a stop or
  // start by request, ends the streak.
  // supervisord takes it from the [supervisord] key respawn_pacing (milliseconds, default 1000).
  std::chrono::milliseconds respawn_pacing{1000};
};

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
};

// Re-reads the configuration (same command line). Returns the config or the error text.
using ConfigLoader = std::function<std::variant<Config, std::string>()>;

struct ConfigDiff {
  std::vector<std::string> added;
  std::vector<std::string> changed;
  std::vector<std::string> removed;
};

class Supervisor final {
 public:
  Supervisor(boost::asio::io_context& io, MainLog& log, Config config, DaemonSettings settings,
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

  boost::asio::io_context& io() { return io_; }
  MainLog& log() { return log_; }
  const Config& config() const { return *config_; }
  const DaemonSettings& settings() const { return settings_; }
  SupervisorState state() const { return mood_; }

  // In priority order (the loop's order).
  const std::vector<std::unique_ptr<ProcessGroup>>& groups() const { return groups_; }
  ProcessGroup* find_group(std::string_view name) const;
  Process* find_process(std::string_view group, std::string_view name) const;

  // Shutdown / reload requests (signals and RPC). A reload first re-reads the config: when it
  // is broken the error is logged and the daemon keeps running on the current one.
  void request_shutdown();
  void request_restart();
  // The config the next incarnation starts with (set by a successful reload request).
  std::optional<Config> take_next_config() { return std::exchange(next_config_, std::nullopt); }
  // SIGUSR2 work: reopen the main log and the logs of running processes.
  void reopen_logs();
  // Dispatches a signal received by the daemon (process.md §9.4).
  void handle_signal(int sig);

  // Reaps every exited child now (waitpid loop) and applies the exit rules.
  void reap();
  // Runs a pass soon (after the current handler returns). Cheap; coalesced.
  void schedule_pass();

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
  friend class Process;
  friend class ChildPipes;

  void run_pass();
  void arm_timer();
  void on_timer(const boost::system::error_code& ec);
  bool shutdown_report();
  void notify_state(Process& process, ProcessState from, bool expected);
  void notify_output(Process& process, Channel channel, std::string_view data, bool captured);
  void notify_capture(Process& process, Channel channel, const std::string& data);
  void register_pid(pid_t pid, Process* process);
  void unregister_pid(pid_t pid);
  void insert_group(std::unique_ptr<ProcessGroup> group);

  boost::asio::io_context& io_;
  MainLog& log_;
  // Shared with the groups made from them: a ProcessGroup and its processes refer to their
  // configs inside the Config they came from, so a program's config exists once (issue 8).
  std::shared_ptr<const Config> config_;
  std::shared_ptr<const Config> pending_config_;
  std::optional<Config> next_config_;
  DaemonSettings settings_;
  ConfigLoader loader_;
  SupervisorState mood_ = SupervisorState::kRunning;
  std::vector<std::unique_ptr<ProcessGroup>> groups_;
  std::map<pid_t, Process*> pids_;
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
  std::optional<Process::Clock::time_point> last_shutdown_report_;
  boost::asio::steady_timer timer_;
  std::optional<Process::Clock::time_point> timer_at_;
  std::function<void(SupervisorState)> on_finished_;
  // Outlives handlers posted to io_: they check it before touching `this`.
  std::shared_ptr<bool> alive_ = std::make_shared<bool>(true);
};

}  // namespace sup
