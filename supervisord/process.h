// One supervised program instance and its state machine (process.md §3–§6). Owned by its
// ProcessGroup, which the Supervisor owns; a Process never outlives its Supervisor. All
// methods run on the Supervisor's io_context thread.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "common/config.h"
#include "supervisord/command.h"
#include "supervisord/states.h"

namespace sup {

class Supervisor;
class ProcessGroup;
class ChildPipes;

enum class Channel { kStdout, kStderr };

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

class Process final {
 public:
  using Clock = std::chrono::steady_clock;

  // `config` lives in the group's source Config, which outlives the process.
  Process(Supervisor& owner, ProcessGroup& group, const ProcessConfig& config);
  ~Process();
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
  // Log file path of a channel after AUTO resolution, "" when there is none.
  const std::string& logfile(Channel channel) const;

  ProcessInfo info() const;
  // "pid 123, uptime 0:01:02", "Exited too quickly (...)", "Not started", "Nov 22 11:27 AM".
  std::string description() const;

  // Resolves the command as spawn will (process.md §5.2); the error text is Supervisor's
  // (e.g. "can't find command 'x'"). The RPC startProcess checks this before anything.
  std::optional<CommandError> check_command() const;

  // Spawns now (a start request; state must be STOPPED, EXITED, FATAL or BACKOFF). Returns
  // false when the spawn failed synchronously (spawnerr set, state BACKOFF).
  bool spawn();
  // Stop request (§6): BACKOFF -> STOPPED, else stopsignal and STOPPING. Returns Supervisor's
  // error text when there was nothing to signal or signalling failed.
  std::optional<std::string> stop();
  // A start or stop by request: the next quick death respawns at once again.
  void reset_respawn_pacing() { quick_deaths_ = 0; }
  // Sends an arbitrary signal to the pid (RPC signalProcess); no state change.
  std::optional<std::string> signal(int sig);
  // Shutdown/reload of a BACKOFF process: BACKOFF -> FATAL silently.
  void give_up();

  enum class StdinResult { kOk, kNotRunning, kClosed };
  // Queues bytes for the child's stdin (RPC sendProcessStdin).
  StdinResult write_stdin(std::string_view data);

  // Clears the log files of a running process (RPC clearProcessLogs); false on I/O error.
  bool clear_logs();
  // SIGUSR2: reopens the log files of a running process.
  void reopen_logs();

  // Logs "waiting for <name> to stop" at most every 2 s (RPC stop with wait=true).
  void stop_report();

  // One loop pass (§3.1 rules), called by the Supervisor in priority order. The RPC
  // startProcess also runs one right after spawning, as Supervisor does, so that a startsecs=0
  // process is already RUNNING when the call returns.
  void transition();

 private:
  friend class Supervisor;
  friend class ChildPipes;

  // The time at which transition() has something to do, if any; `now` is the caller's clock
  // reading, taken once per pass over all processes.
  std::optional<Clock::time_point> wake_time(Clock::time_point now) const;
  // Whether an autorestart after this exit waits until laststart_ + respawn_pacing.
  bool paced() const;
  // Called when waitpid() returned this pid.
  void finish(int status);
  void change_state(ProcessState to, bool expected = true);
  void record_spawnerr(std::string message);
  void release_fcgi();
  std::optional<std::string> kill(int sig);
  void output(Channel channel, std::string_view data, bool captured);
  void capture(Channel channel, std::string data);
  std::string make_auto_log_name(std::string_view channel) const;

  Supervisor& owner_;
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
  std::optional<Clock::time_point> laststart_;
  Clock::time_point delay_{};
  Clock::time_point laststopreport_{};
  int backoff_ = 0;
  // Consecutive runs that died within respawn_pacing of their start without being stopped.
  // An autorestart respawns at once after the first; pacing starts with the second.
  int quick_deaths_ = 0;
  bool killing_ = false;
  std::optional<int> exitstatus_;
  std::string spawnerr_;
  std::unique_ptr<ChildPipes> pipes_;
  bool holds_fcgi_ = false;  // a reference on the group's FastCGI socket while spawned
};

}  // namespace sup
