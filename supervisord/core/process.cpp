#include "supervisord/core/process.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <map>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <random>
#include <utility>

#include <fmt/format.h>

#include "common/config_lifecycle.h"
#include "common/pyrepr.h"
#include "supervisord/child/cgroup.h"
#include "supervisord/child/command.h"
#include "supervisord/child/environment_files.h"
#include "supervisord/child/spawn_child.h"
#include "supervisord/child/wait_status.h"
#include "supervisord/core/process_group.h"

namespace sup {

namespace {

// Python's str(timedelta(seconds=n)): "0:01:02", "1 day, 2:03:04", "3 days, 0:00:00".
std::string format_uptime(std::int64_t seconds) {
  if (seconds < 0) seconds = 0;
  std::int64_t days = seconds / 86400;
  seconds %= 86400;
  std::string clock = fmt::format("{}:{:02}:{:02}", seconds / 3600, (seconds % 3600) / 60, seconds % 60);
  if (days == 0) return clock;
  return fmt::format("{} day{}, {}", days, days == 1 ? "" : "s", clock);
}

// "%b %d %I:%M %p" in the C locale and local time.
std::string format_stop_time(std::int64_t when) {
  static constexpr const char* kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                            "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  std::time_t t = static_cast<std::time_t>(when);
  std::tm tm{};
  localtime_r(&t, &tm);
  int hour12 = tm.tm_hour % 12 == 0 ? 12 : tm.tm_hour % 12;
  return fmt::format("{} {:02} {:02}:{:02} {}", kMonths[tm.tm_mon], tm.tm_mday, hour12, tm.tm_min,
                     tm.tm_hour < 12 ? "AM" : "PM");
}

// Random names for AUTO logs and jitter for backoff delays; not security-sensitive.
std::mt19937_64& random_source() {
  static std::mt19937_64 source{std::random_device{}()};
  return source;
}

// Without backoff_max, an exponential backoff stops growing at an hour.
constexpr double kMaxExponentialBackoff = 3600;


}  // namespace

Process::Process(ProcessHost& host, ProcessGroup& group, const ProcessConfig& config)
    : host_(host), group_(group), config_(config) {
  auto resolve = [this](const ChannelConfig& cc, std::string_view channel) -> std::string {
    switch (cc.target) {
      case ChannelConfig::Target::kNone: return {};
      case ChannelConfig::Target::kPath: return cc.path;
      case ChannelConfig::Target::kAuto: return make_auto_log_name(channel);
    }
    return {};
  };
  stdout_path_ = resolve(config_.stdout_channel, "stdout");
  if (!config_.redirect_stderr) stderr_path_ = resolve(config_.stderr_channel, "stderr");
}

Process::~Process() {
  if (const auto& root = host_.daemon_config().cgroup_root) {
    host_.os().remove_cgroup(cgroup_path(*root, group_.name(), config_.name));
  }
}

// <name>-<channel>---<identifier>-<8 random chars>.log, created empty with mode 0600 now, as
// Supervisor's tempfile.mkstemp() does when the group is built (logging.md §2.4).
std::string Process::make_auto_log_name(std::string_view channel) const {
  static constexpr std::string_view kChars = "abcdefghijklmnopqrstuvwxyz0123456789_";
  std::mt19937_64& random = random_source();
  const SupervisordConfig& sd = host_.daemon_config();
  std::string dir = sd.childlogdir;
  if (!dir.empty() && dir.back() != '/') dir += '/';
  for (int attempt = 0; attempt < 100; ++attempt) {
    std::string name = fmt::format("{}{}-{}---{}-", dir, config_.name, channel, sd.identifier);
    for (int i = 0; i < 8; ++i) name += kChars[random() % kChars.size()];
    name += ".log";
    int fd = ::open(name.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (fd >= 0) {
      ::close(fd);
      return name;
    }
    if (errno != EEXIST) {
      host_.log().warn(fmt::format("could not create AUTO log {}: {}", name, std::strerror(errno)));
      return name;
    }
  }
  return {};
}

const std::string& Process::logfile(Channel channel) const {
  return channel == Channel::kStdout ? stdout_path_ : stderr_path_;
}

ProcessInfo Process::info() const {
  ProcessInfo out;
  out.name = config_.name;
  out.group = group_.name();
  out.start = laststart_wall_;
  out.stop = laststop_wall_;
  out.now = host_.os().wall_seconds();
  out.state = state_;
  out.statename = std::string(process_state_name(state_));
  out.spawnerr = spawnerr_;
  out.exitstatus = exitstatus_.value_or(0);
  out.pid = pid_;
  out.stdout_logfile = stdout_path_;
  out.stderr_logfile = stderr_path_;
  out.description = description();
  return out;
}

std::string Process::description() const {
  switch (state_) {
    case ProcessState::kRunning:
      return fmt::format("pid {}, uptime {}", pid_, format_uptime(host_.os().wall_seconds() - laststart_wall_));
    case ProcessState::kBackoff:
    case ProcessState::kFatal:
      if (!spawnerr_.empty()) return spawnerr_;
      return fmt::format("unknown error (try \"tail {}\")", config_.name);
    case ProcessState::kStopped:
    case ProcessState::kExited:
      if (state_ == ProcessState::kStopped && !dependency_note_.empty()) return dependency_note_;
      if (laststart_wall_ == 0) return "Not started";
      return format_stop_time(laststop_wall_);
    default:
      return {};
  }
}

std::optional<SpawnError> Process::check_command() const {
  auto resolved = resolve_command(config_.command, config_.environment, daemon_path());
  if (auto* error = std::get_if<SpawnError>(&resolved)) return std::move(*error);
  return std::nullopt;
}

void Process::set_health(Health health) {
  if (state_ != ProcessState::kRunning || !config_.lifecycle || !config_.lifecycle->healthcheck) return;
  if (health == health_) return;
  Health from = std::exchange(health_, health);
  host_.process_health_changed(*this, from);
  host_.schedule_pass();  // dependants waiting for a healthy process
}

void Process::change_state(ProcessState to, bool expected) {
  ProcessState from = state_;
  if (from == to) return;
  state_ = to;
  // Health is judged per run: from RUNNING on, until the run ends.
  bool checked = config_.lifecycle && config_.lifecycle->healthcheck;
  Health health = to == ProcessState::kRunning && checked ? Health::kStarting : Health::kNone;
  if (health != health_) {
    Health was = std::exchange(health_, health);
    host_.process_health_changed(*this, was);
  }
  if (to == ProcessState::kBackoff) {
    backoff_ += 1;
    delay_ = host_.os().monotonic_now() + backoff_delay();
  }
  host_.process_state_changed(*this, from, expected);
  host_.schedule_pass();
}

// STARTING -> BACKOFF with the error as spawnerr (process.md §3.1).
void Process::fail_spawn(SpawnError error) {
  spawnerr_ = std::move(error.text);
  host_.log().info("spawnerr: " + spawnerr_);
  release_fcgi();
  change_state(ProcessState::kBackoff);
}

SpawnOutcome Process::spawn() {
  MainLog& log = host_.log();
  if (pid_ != 0) {
    log.warn(fmt::format("process '{}' already running", config_.name));
    return SpawnOutcome::kAlreadyRunning;
  }
  Os& os = host_.os();
  start_wanted_ = false;
  dependency_note_.clear();
  started_dependencies_.clear();
  fatal_retry_at_.reset();
  killing_ = false;
  spawnerr_.clear();
  exitstatus_.reset();
  laststart_ = os.monotonic_now();
  laststart_wall_ = os.wall_seconds();
  change_state(ProcessState::kStarting);

  // [fcgi-program]: the shared socket exists before the spawn and is the child's stdin. A
  // socket that cannot be bound is a spawn error like any other, so the process backs off
  // and goes FATAL instead of being retried on every pass.
  int fcgi_fd = -1;
  if (FcgiSocket* socket = group_.fcgi_socket()) {
    auto acquired = socket->acquire();
    if (auto* error = std::get_if<SpawnError>(&acquired)) {
      fail_spawn(std::move(*error));
      return SpawnOutcome::kFailed;
    }
    fcgi_fd = std::get<int>(acquired);
    holds_fcgi_ = true;
  }

  auto resolved = resolve_command(config_.command, config_.environment, daemon_path());
  if (auto* error = std::get_if<SpawnError>(&resolved)) {
    fail_spawn(std::move(*error));
    return SpawnOutcome::kFailed;
  }
  auto& command = std::get<ResolvedCommand>(resolved);

  PipeSetup setup{config_,
                  stdout_path_,
                  stderr_path_,
                  group_.config().kind == GroupConfig::Kind::kEventListener,
                  host_.daemon_config().strip_ansi,
                  &os,
                  &log_stats_};
  auto made = ChildPipes::create(host_.io(), log, setup, *this);
  if (auto* error = std::get_if<SpawnError>(&made)) {
    fail_spawn(std::move(*error));
    return SpawnOutcome::kFailed;
  }
  std::unique_ptr<ChildPipes> pipes = std::move(std::get<std::unique_ptr<ChildPipes>>(made));

  SpawnRequest request;
  request.program = config_.name;
  request.path = command.path;
  request.argv = std::move(command.argv);
  std::string serverurl = config_.serverurl ? *config_.serverurl : host_.settings().serverurl;
  const LifecycleConfig* lifecycle = config_.lifecycle.get();
  // Environment files are read at every spawn, so that a restart picks up an edit.
  auto environment = program_environment(config_);
  if (auto* error = std::get_if<SpawnError>(&environment)) {
    fail_spawn(std::move(*error));
    return SpawnOutcome::kFailed;
  }
  request.environment = child_environment(host_.settings().environment, serverurl, config_.name, group_.name(),
                                          std::get<std::map<std::string, std::string>>(environment));
  if (lifecycle) request.rlimits = &lifecycle->rlimits;
  if (const auto& root = host_.daemon_config().cgroup_root) {
    request.cgroup = cgroup_path(*root, group_.name(), config_.name);
    if (lifecycle) request.cgroup_limits = &lifecycle->cgroup;
  }
  request.directory = config_.directory;
  request.umask = config_.umask;
  request.uid = config_.uid;
  request.stdin_fd = fcgi_fd >= 0 ? fcgi_fd : pipes->child_stdin();
  request.stdout_fd = pipes->child_stdout();
  request.stderr_fd = pipes->child_stderr();
  auto spawned = os.spawn(request);
  if (auto* error = std::get_if<SpawnError>(&spawned)) {
    fail_spawn(std::move(*error));
    return SpawnOutcome::kFailed;
  }
  pid_t pid = std::get<pid_t>(spawned);
  pid_ = pid;
  last_pid_ = pid;
  ++spawns_;
  pipes_ = std::move(pipes);
  pipes_->start();
  host_.child_started(pid, *this);
  log.info(fmt::format("spawned: '{}' with pid {}", config_.name, pid));
  delay_ = *laststart_ + std::chrono::seconds(config_.startsecs);
  host_.schedule_pass();
  return SpawnOutcome::kSpawned;
}

std::optional<std::string> Process::stop() {
  laststopreport_ = {};
  quick_deaths_ = 0;
  return kill(config_.stopsignal);
}

void Process::stop_report() {
  if (state_ != ProcessState::kStopping) return;
  MonotonicTime now = host_.os().monotonic_now();
  if (laststopreport_ == MonotonicTime{} || now > laststopreport_ + std::chrono::seconds(2)) {
    host_.log().info(fmt::format("waiting for {} to stop", config_.name));
    laststopreport_ = now;
  }
}

SpawnOutcome Process::want_start() {
  if (!has_dependencies()) return spawn();
  start_wanted_ = true;
  started_dependencies_.clear();
  evaluate_pending_start();
  return start_wanted_ || pid_ != 0 ? SpawnOutcome::kSpawned : SpawnOutcome::kFailed;
}

void Process::cancel_start(std::string note) {
  start_wanted_ = false;
  started_dependencies_.clear();
  dependency_note_ = std::move(note);
}

bool Process::has_dependencies() const { return config_.lifecycle && !config_.lifecycle->depends_on.empty(); }

void Process::evaluate_pending_start() {
  DependencyCheck check = host_.check_dependencies(*this);
  switch (check.verdict) {
    case DependencyCheck::Verdict::kReady:
      spawn();
      break;
    case DependencyCheck::Verdict::kWaiting:
      if (check.reason != dependency_note_) {
        host_.log().info(fmt::format("{}: {}", config_.name, check.reason));
        dependency_note_ = std::move(check.reason);
      }
      break;
    case DependencyCheck::Verdict::kFailed:
      host_.log().warn(fmt::format("not starting {}: {}", config_.name, check.reason));
      cancel_start("not started: " + check.reason);
      break;
  }
}

// Supervisor waits backoff_ seconds; ours can grow exponentially, be capped and jittered.
MonotonicDuration Process::backoff_delay() const {
  double seconds = backoff_;
  if (const LifecycleConfig* l = config_.lifecycle.get()) {
    if (l->backoff == LifecycleConfig::Backoff::kExponential) {
      seconds = std::ldexp(1.0, std::min(backoff_ - 1, 30));
      seconds = std::min(seconds, l->backoff_max.value_or(kMaxExponentialBackoff));
    } else if (l->backoff_max) {
      seconds = std::min(seconds, *l->backoff_max);
    }
    if (l->backoff_jitter > 0) {
      std::uniform_real_distribution<double> spread(-l->backoff_jitter, l->backoff_jitter);
      seconds *= 1 + spread(random_source());
    }
  }
  return std::chrono::duration_cast<MonotonicDuration>(std::chrono::duration<double>(seconds));
}

void Process::gave_up_for_good() {
  const LifecycleConfig* l = config_.lifecycle.get();
  if (!l) return;
  if (l->on_fatal == LifecycleConfig::OnEvent::kShutdown) {
    host_.fail_fast(*this, 1, fmt::format("{} entered FATAL state and has on_fatal=shutdown", config_.name));
  } else if (l->fatal_retry_after > 0) {
    fatal_retry_at_ = host_.os().monotonic_now() +
                      std::chrono::duration_cast<MonotonicDuration>(std::chrono::duration<double>(l->fatal_retry_after));
    host_.log().info(fmt::format("{}: trying again in {} seconds (fatal_retry_after)", config_.name, l->fatal_retry_after));
  }
}

void Process::give_up() {
  delay_ = {};
  backoff_ = 0;
  change_state(ProcessState::kFatal);
}

std::optional<std::string> Process::kill(int sig) {
  MainLog& log = host_.log();
  if (state_ == ProcessState::kBackoff) {
    log.debug(fmt::format("Attempted to kill {}, which is in BACKOFF state.", config_.name));
    change_state(ProcessState::kStopped);
    return std::nullopt;
  }
  if (pid_ == 0) {
    std::string msg =
        fmt::format("attempted to kill {} with sig {} but it wasn't running", config_.name, signal_log_name(sig));
    log.debug(msg);
    return msg;
  }
  // The first signal of a stop honours stopasgroup, the SIGKILL escalation killasgroup.
  bool as_group = state_ == ProcessState::kStopping ? config_.killasgroup : config_.stopasgroup;
  log.debug(fmt::format("killing {} (pid {}) {}with signal {}", config_.name, pid_, as_group ? "process group " : "",
                        signal_log_name(sig)));
  killing_ = true;
  delay_ = host_.os().monotonic_now() + std::chrono::seconds(config_.stopwaitsecs);
  if (state_ == ProcessState::kStopping) {
    host_.schedule_pass();  // a new deadline
  } else {
    change_state(ProcessState::kStopping);
  }
  if (int err = host_.os().kill(as_group ? -pid_ : pid_, sig)) return signal_failure(err, true);
  return std::nullopt;
}

std::optional<std::string> Process::signal(int sig) {
  MainLog& log = host_.log();
  if (pid_ == 0) {
    std::string msg =
        fmt::format("attempted to send {} sig {} but it wasn't running", config_.name, signal_log_name(sig));
    log.debug(msg);
    return msg;
  }
  log.debug(fmt::format("sending {} (pid {}) sig {}", config_.name, pid_, signal_log_name(sig)));
  if (int err = host_.os().kill(pid_, sig)) return signal_failure(err, false);
  return std::nullopt;
}

// "No such process" means the child is exiting on its own and reaping will see it; any
// other error leaves the process in an unknown state (process.md §3.1, §6 step 5).
std::optional<std::string> Process::signal_failure(int err, bool stopping) {
  MainLog& log = host_.log();
  if (err == ESRCH) {
    log.debug(fmt::format("unable to signal {} (pid {}), it probably just exited on its own: [Errno {}] {}",
                          config_.name, pid_, err, std::strerror(err)));
    return std::nullopt;
  }
  std::string msg = stopping ? fmt::format("unknown problem killing {} ({}):[Errno {}] {}", config_.name, pid_, err,
                                           std::strerror(err))
                             : fmt::format("unknown problem sending sig {} ({}):[Errno {}] {}", config_.name, pid_,
                                           err, std::strerror(err));
  log.critical(msg);
  change_state(ProcessState::kUnknown);
  if (stopping) {
    killing_ = false;
    delay_ = {};
  }
  return msg;
}

void Process::on_exit(int status) {
  if (pipes_) pipes_->drain();
  WaitStatus ws = decode_wait_status(status);
  MonotonicTime now = host_.os().monotonic_now();
  laststop_wall_ = host_.os().wall_seconds();
  last_wait_status_ = status;
  last_exit_wall_ = laststop_wall_;
  bool too_quickly = laststart_ && now - *laststart_ < std::chrono::seconds(config_.startsecs);
  bool exit_expected =
      std::find(config_.exitcodes.begin(), config_.exitcodes.end(), ws.exitstatus) != config_.exitcodes.end();
  MainLog& log = host_.log();
  auto pacing = host_.settings().respawn_pacing;
  if (killing_ || !laststart_ || now - *laststart_ >= pacing) {
    quick_deaths_ = 0;
  } else {
    ++quick_deaths_;
  }
  pid_t pid = pid_;
  // With cgroup_root, no descendant outlives the child (ours).
  if (const auto& root = host_.daemon_config().cgroup_root) {
    host_.os().kill_cgroup(cgroup_path(*root, group_.name(), config_.name));
  }
  // Release the pipes and log files before the state change, so that an observer (or a
  // restart from the next pass) sees a process without a child.
  pid_ = 0;
  host_.child_gone(pid);
  pipes_.reset();
  if (killing_) {
    killing_ = false;
    delay_ = {};
    exitstatus_ = ws.exitstatus;
    std::string msg = fmt::format("stopped: {} ({})", config_.name, ws.text);
    change_state(ProcessState::kStopped);
    if (exit_expected) log.info(msg); else log.warn(msg);
  } else if (too_quickly) {
    exitstatus_.reset();
    spawnerr_ = "Exited too quickly (process log may have details)";
    log.warn(fmt::format("exited: {} ({}; not expected)", config_.name, ws.text));
    change_state(ProcessState::kBackoff);
  } else {
    delay_ = {};
    backoff_ = 0;
    exitstatus_ = ws.exitstatus;
    // Exited after startsecs but before a pass promoted it: RUNNING first, without "success:".
    if (state_ == ProcessState::kStarting) change_state(ProcessState::kRunning);
    if (exit_expected) {
      std::string msg = fmt::format("exited: {} ({}; expected)", config_.name, ws.text);
      change_state(ProcessState::kExited, true);
      log.info(msg);
    } else {
      spawnerr_ = fmt::format("Bad exit code {}", ws.exitstatus);
      std::string msg = fmt::format("exited: {} ({}; not expected)", config_.name, ws.text);
      change_state(ProcessState::kExited, false);
      log.warn(msg);
    }
    if (config_.lifecycle && config_.lifecycle->on_exit == LifecycleConfig::OnEvent::kShutdown) {
      // The exit code, or 128 + the signal as a shell reports a killed command.
      int code = WIFSIGNALED(status) ? 128 + WTERMSIG(status) : ws.exitstatus;
      host_.fail_fast(*this, code, fmt::format("{} exited ({}) and has on_exit=shutdown", config_.name, ws.text));
    }
  }
  release_fcgi();
}

void Process::release_fcgi() {
  if (!holds_fcgi_) return;
  holds_fcgi_ = false;
  if (FcgiSocket* socket = group_.fcgi_socket()) socket->release();
}

// Respawn pacing (process.md, DaemonSettings::respawn_pacing): only a program that keeps dying
// right after its start waits; the first quick death of a streak respawns at once.
bool Process::paced() const {
  return host_.settings().respawn_pacing.count() > 0 && laststart_ && quick_deaths_ >= 2;
}

bool Process::restarts_after_exit() const {
  return config_.autorestart == AutoRestart::kAlways ||
         (config_.autorestart == AutoRestart::kUnexpected &&
          std::find(config_.exitcodes.begin(), config_.exitcodes.end(), exitstatus_.value_or(-1)) ==
              config_.exitcodes.end());
}

void Process::transition() {
  MonotonicTime now = host_.os().monotonic_now();
  ProcessState state = state_;  // as Supervisor: the state at the start of the pass
  MainLog& log = host_.log();
  if (host_.state() == SupervisorState::kRunning) {
    if (start_wanted_) {
      evaluate_pending_start();
    } else if (state == ProcessState::kExited) {
      if (restarts_after_exit()) {
        auto pacing = host_.settings().respawn_pacing;
        if (!paced() || now >= *laststart_ + pacing) spawn();
      }
    } else if (state == ProcessState::kStopped && !laststart_) {
      if (config_.autostart && !autostarted_) {
        autostarted_ = true;
        want_start();
      }
    } else if (state == ProcessState::kBackoff) {
      if (backoff_ <= config_.startretries && now > delay_) spawn();
    } else if (state == ProcessState::kFatal && fatal_retry_at_ && now >= *fatal_retry_at_) {
      log.info(fmt::format("retrying {} after fatal_retry_after", config_.name));
      backoff_ = 0;
      spawn();
    }
  } else if (start_wanted_) {
    cancel_start("");  // shutting down or reloading: nothing starts any more
  }
  if (state == ProcessState::kStarting) {
    if (laststart_ && now - *laststart_ > std::chrono::seconds(config_.startsecs)) {
      delay_ = {};
      backoff_ = 0;
      change_state(ProcessState::kRunning);
      log.info(fmt::format(
          "success: {} entered RUNNING state, process has stayed up for > than {} seconds (startsecs)", config_.name,
          config_.startsecs));
    }
  } else if (state == ProcessState::kBackoff) {
    if (backoff_ > config_.startretries) {
      give_up();
      log.info(fmt::format("gave up: {} entered FATAL state, too many start retries too quickly", config_.name));
      gave_up_for_good();
    }
  } else if (state == ProcessState::kStopping) {
    if (now >= delay_) {
      log.warn(fmt::format("killing '{}' ({}) with SIGKILL", config_.name, pid_));
      kill(SIGKILL);
      if (const auto& root = host_.daemon_config().cgroup_root) {
        host_.os().kill_cgroup(cgroup_path(*root, group_.name(), config_.name));
      }
    }
  }
}

std::optional<MonotonicTime> Process::wake_time(MonotonicTime now) const {
  // Mirrors transition(): a time only when transition() would act then.
  constexpr auto kTick = std::chrono::milliseconds(1);
  bool running = host_.state() == SupervisorState::kRunning;
  switch (state_) {
    case ProcessState::kExited: {
      if (!running || !restarts_after_exit()) return std::nullopt;
      auto pacing = host_.settings().respawn_pacing;
      if (!paced()) return now;
      return std::max(now, *laststart_ + pacing);
    }
    case ProcessState::kStopped:
      if (running && !laststart_ && config_.autostart && !autostarted_) return now;
      return std::nullopt;
    case ProcessState::kFatal:
      if (running && fatal_retry_at_) return *fatal_retry_at_;
      return std::nullopt;
    case ProcessState::kBackoff:
      if (backoff_ > config_.startretries) return now;
      if (!running) return std::nullopt;
      return delay_ + kTick;
    case ProcessState::kStarting:
      if (!laststart_) return std::nullopt;
      return *laststart_ + std::chrono::seconds(config_.startsecs) + kTick;
    case ProcessState::kStopping:
      return delay_;
    default:
      return std::nullopt;
  }
}

StdinResult Process::write_stdin(std::string_view data) {
  if (pid_ == 0 || killing_ || !pipes_) return StdinResult::kNotRunning;
  return pipes_->write_stdin(data);
}

bool Process::clear_logs() { return pipes_ ? pipes_->clear_logs() : true; }

bool Process::rotate_logs() {
  if (pipes_) return pipes_->rotate_logs();
  return ChildPipes::rotate_closed_logs(config_, stdout_path_, stderr_path_);
}

void Process::reopen_logs() {
  if (pipes_) pipes_->reopen_logs();
}

void Process::on_output(Channel channel, std::string_view data, bool captured) {
  if (host_.log().enabled(LogLevel::kDebug)) {
    // A listener's stdout (the event protocol) is echoed as Python bytes, as Supervisor does.
    bool protocol = channel == Channel::kStdout && group_.config().kind == GroupConfig::Kind::kEventListener;
    host_.log().debug(protocol ? py_repr(config_.name) + " stdout output:\n" + py_bytes_repr(data)
                                : format_output_echo(config_.name, channel, data));
  }
  host_.process_output(*this, channel, data, captured);
}

void Process::on_capture(Channel channel, std::string data) {
  host_.log().debug(fmt::format("'{}' {} emitted a comm event", config_.name,
                                 channel == Channel::kStdout ? "stdout" : "stderr"));
  host_.process_capture(*this, channel, data);
}

}  // namespace sup
