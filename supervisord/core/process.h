// One supervised program instance and its state machine (process.md §3–§6). Owned by its
// ProcessGroup, which the Supervisor owns; a Process never outlives its host. It reaches the
// machine only through the host's Os (clock, spawn, kill) and its owner only through
// ProcessHost. All methods run on the loop thread.
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/config.h"
#include "supervisord/child/channel.h"
#include "supervisord/child/child_pipes.h"
#include "supervisord/child/os.h"
#include "supervisord/child/spawn_error.h"
#include "supervisord/core/process_host.h"
#include "supervisord/core/states.h"

namespace sup {

class ProcessGroup;

// What supervisor.getProcessInfo reports (http-xmlrpc.md §7.10). Times are epoch seconds.
struct ProcessInfo {
  std::string name;
  std::string group;
  std::int64_t start = 0;
  std::int64_t stop = 0;
  std::int64_t now = 0;
  ProcessState state = ProcessState::kStopped;
  std::string statename;
  std::string spawnerr;
  int exitstatus = 0;
  pid_t pid = 0;
  std::string stdout_logfile;
  std::string stderr_logfile;
  std::string description;
};

// What a spawn() attempt did.
enum class SpawnOutcome {
  kSpawned,         // a child exists; state STARTING
  kAlreadyRunning,  // there is a child already (a STOPPING process); nothing changed
  kFailed,          // spawnerr() says why; state BACKOFF
};

class Process final : private PipeSink {
 public:
  // `config` lives in the group's source Config, which outlives the process.
  Process(ProcessHost& host, ProcessGroup& group, const ProcessConfig& config);
  ~Process() override;
  Process(const Process&) = delete;
  Process& operator=(const Process&) = delete;

  const ProcessConfig& config() const { return config_; }
  const std::string& name() const { return config_.name; }
  ProcessGroup& group() const { return group_; }
  ProcessState state() const { return state_; }
  pid_t pid() const { return pid_; }
  // The latest child's pid, kept after it was reaped: state events report the pid that died.
  pid_t last_pid() const { return last_pid_; }
  const std::string& spawnerr() const { return spawnerr_; }
  std::optional<int> exitstatus() const { return exitstatus_; }
  int backoff() const { return backoff_; }
  // kNone unless the program has a healthcheck and is RUNNING (see states.h).
  Health health() const { return health_; }
  // A health monitor's verdict; ignored unless RUNNING with a healthcheck. Observers are told
  // of every change.
  void set_health(Health health);
  // Log file path of a channel after AUTO resolution, "" when there is none.
  const std::string& logfile(Channel channel) const;

  ProcessInfo info() const;
  // "pid 123, uptime 0:01:02", "Exited too quickly (...)", "Not started", "Nov 22 11:27 AM".
  std::string description() const;

  // Resolves the command as spawn will (process.md §5.2); the error is one of SpawnError's
  // command kinds, with Supervisor's text (e.g. "can't find command 'x'").
  std::optional<SpawnError> check_command() const;

  // Spawns now (a start request or a loop pass; state STOPPED, EXITED, FATAL or BACKOFF).
  SpawnOutcome spawn();
  // A start that honours depends_on (ours): spawns now when nothing is in the way, else waits
  // (state unchanged) until the dependencies are up, starting those that are stopped.
  // Returns kSpawned also when the start is only pending; waiting_to_start() tells.
  SpawnOutcome want_start();
  bool waiting_to_start() const { return start_wanted_; }
  // The dependencies the pending start has asked to start, by namespec (for the host).
  const std::vector<std::string>& started_dependencies() const { return started_dependencies_; }
  void note_started_dependency(std::string namespec) { started_dependencies_.push_back(std::move(namespec)); }
  // Drops a pending start (a stop request, a failed dependency); `note` becomes the
  // description of the STOPPED process.
  void cancel_start(std::string note);
  // Whether fatal_retry_after has a retry of this FATAL process scheduled; a stop request
  // cancels it.
  bool retry_scheduled() const { return fatal_retry_at_.has_value(); }
  void cancel_retry() { fatal_retry_at_.reset(); }
  // Stop request (§6): BACKOFF -> STOPPED, else stopsignal and STOPPING. Returns Supervisor's
  // error text when there was nothing to signal or signalling failed.
  std::optional<std::string> stop();
  // A start or stop by request: the next quick death respawns at once again.
  void reset_respawn_pacing() { quick_deaths_ = 0; }
  // Sends an arbitrary signal to the pid (RPC signalProcess); no state change.
  std::optional<std::string> signal(int sig);
  // Shutdown/reload of a BACKOFF process: BACKOFF -> FATAL silently.
  void give_up();

  // Queues bytes for the child's stdin (RPC sendProcessStdin).
  StdinResult write_stdin(std::string_view data);

  // Clears the log files of a running process (RPC clearProcessLogs); false on I/O error.
  bool clear_logs();
  // SIGUSR2: reopens the log files of a running process.
  void reopen_logs();

  // Logs "waiting for <name> to stop" at most every 2 s (RPC stop with wait=true).
  void stop_report();

  // One loop pass (§3.1 rules), called by the host in priority order, and by a start
  // request right after spawning, as Supervisor does, so that a startsecs=0 process is
  // already RUNNING when the request returns.
  void transition();
  // The time at which transition() has something to do, if any; `now` is the caller's clock
  // reading, taken once per pass over all processes.
  std::optional<MonotonicTime> wake_time(MonotonicTime now) const;
  // The host reaped this process' child with wait status `status` (§4).
  void on_exit(int status);

 private:
  // Whether an autorestart after this exit waits until laststart_ + respawn_pacing.
  bool paced() const;
  bool restarts_after_exit() const;
  // The wait in BACKOFF after the backoff_-th failure: backoff_ seconds (Supervisor), or the
  // program's backoff policy.
  MonotonicDuration backoff_delay() const;
  bool has_dependencies() const;
  void evaluate_pending_start();
  // A run ended in FATAL after too many retries: on_fatal, fatal_retry_after.
  void gave_up_for_good();
  void change_state(ProcessState to, bool expected = true);
  void fail_spawn(SpawnError error);
  void release_fcgi();
  std::optional<std::string> kill(int sig);
  std::optional<std::string> signal_failure(int err, bool stopping);
  void on_output(Channel channel, std::string_view data, bool captured) override;
  void on_capture(Channel channel, std::string data) override;
  std::string make_auto_log_name(std::string_view channel) const;

  ProcessHost& host_;
  ProcessGroup& group_;
  const ProcessConfig& config_;
  std::string stdout_path_;
  std::string stderr_path_;

  ProcessState state_ = ProcessState::kStopped;
  pid_t pid_ = 0;
  pid_t last_pid_ = 0;
  // Wall-clock times for reporting, monotonic ones for deadlines (process.md §3.4).
  std::int64_t laststart_wall_ = 0;
  std::int64_t laststop_wall_ = 0;
  std::optional<MonotonicTime> laststart_;
  MonotonicTime delay_{};
  MonotonicTime laststopreport_{};
  int backoff_ = 0;
  // Consecutive runs that died within respawn_pacing of their start without being stopped.
  // An autorestart respawns at once after the first; pacing starts with the second.
  int quick_deaths_ = 0;
  bool killing_ = false;
  std::optional<int> exitstatus_;
  std::string spawnerr_;
  std::unique_ptr<ChildPipes> pipes_;
  bool holds_fcgi_ = false;  // a reference on the group's FastCGI socket while spawned
  Health health_ = Health::kNone;
  // Ours (depends_on, fatal_retry_after): a start waiting for dependencies, what blocks it
  // (the STOPPED description), the dependencies this wait has started, the automatic start
  // already done, and the scheduled retry of a FATAL program.
  bool start_wanted_ = false;
  bool autostarted_ = false;
  std::string dependency_note_;
  std::vector<std::string> started_dependencies_;
  std::optional<MonotonicTime> fatal_retry_at_;
};

}  // namespace sup
