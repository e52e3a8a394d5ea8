#include "supervisord/daemon/daemon.h"

#include <signal.h>
#include <sys/prctl.h>
#include <unistd.h>

#include <cstdlib>
#include <cstring>
#include <iostream>
#include <memory>

#include <boost/asio/io_context.hpp>
#include <boost/asio/signal_set.hpp>
#include <fmt/format.h>

#include "common/check_config.h"
#include "common/log_rotation_time.h"
#include "common/server_options.h"
#include "common/system.h"
#include "common/config_lifecycle.h"
#include "supervisord/child/cgroup.h"
#include "supervisord/child/posix_os.h"
#include "supervisord/core/supervisor.h"
#include "supervisord/daemon/startup.h"
#include "supervisord/events/event_bus.h"
#include "supervisord/health/health_monitor.h"

extern char** environ;

namespace sup {

namespace {

std::vector<std::pair<std::string, std::string>> current_environment() {
  std::vector<std::pair<std::string, std::string>> env;
  for (char** entry = environ; entry && *entry; ++entry) {
    std::string text = *entry;
    size_t eq = text.find('=');
    if (eq == std::string::npos) continue;
    env.emplace_back(text.substr(0, eq), text.substr(eq + 1));
  }
  return env;
}

std::string strip_trailing_newline(std::string text) {
  while (!text.empty() && text.back() == '\n') text.pop_back();
  return text;
}

// Re-locates and re-parses the configuration with the original command line.
ConfigLoader make_loader(const ServerOptions& options, const System& sys) {
  return [&options, &sys]() -> std::variant<Config, std::string> {
    ServerConfigLoad loaded = load_server_config(options, sys);
    if (loaded.config) return std::move(*loaded.config);
    if (loaded.error) return loaded.error->message;
    return strip_trailing_newline(loaded.exit ? loaded.exit->err : std::string("unknown error"));
  };
}

// logfile_rotate_every: wakes at each boundary (only when set) so that a quiet daemon's log
// rotates on time too; a record written after a boundary rotates it anyway.
class MainLogRotationTimer final {
 public:
  MainLogRotationTimer(Os& os, MainLog& log, RotateEvery every) : os_(os), log_(log), every_(every) {
    if (every_ != RotateEvery::kNever) arm();
  }
  MainLogRotationTimer(const MainLogRotationTimer&) = delete;
  MainLogRotationTimer& operator=(const MainLogRotationTimer&) = delete;

 private:
  void arm() {
    auto wall = os_.wall_now();
    auto in = next_rotation_boundary(every_, wall) - wall;
    if (!alarm_) alarm_ = os_.make_alarm();
    alarm_->set(os_.monotonic_now() + std::chrono::duration_cast<MonotonicClock::duration>(in), [this] {
      log_.rotate_if_due();
      arm();
    });
  }

  Os& os_;
  MainLog& log_;
  RotateEvery every_;
  std::unique_ptr<Alarm> alarm_;
};

// One incarnation (start-up to shutdown or reload). Returns the exit status, or nullopt
// when the daemon should start over with `config` replaced by the next configuration.
struct Incarnation {
  boost::asio::io_context& io;
  Os& os;
  const ServerOptions& options;
  const System& sys;
  const ServerHooks& hooks;
  const std::vector<std::pair<std::string, std::string>>& environment;
  Supervisor*& current;
};

// `config` is moved into the Supervisor (one copy of a big config, not two); on a restart it
// receives the next one.
std::optional<int> run_incarnation(Incarnation& ctx, Config& config, bool first) {
  const SupervisordConfig sd = config.supervisord;
  StartupMessages messages;
  if (std::string error = drop_privileges(sd, messages); !error.empty()) {
    std::cerr << usage_error_text(ctx.options.progname, error);
    return 2;
  }
  if (first) {
    if (std::string error = raise_rlimits(sd, messages); !error.empty()) {
      std::cerr << usage_error_text(ctx.options.progname, error);
      return 2;
    }
  }
  if (sd.cgroup_root) {
    // Ours: a cgroup_root that cannot hold the children's cgroups is an error now, not a
    // silent no-op at every spawn.
    CgroupLimits needed;
    for (const GroupConfig& g : config.groups) {
      for (const ProcessConfig& p : g.processes) {
        if (!p.lifecycle) continue;
        const CgroupLimits& l = p.lifecycle->cgroup;
        if (l.memory_max) needed.memory_max = l.memory_max;
        if (l.cpu_max) needed.cpu_max = l.cpu_max;
        if (l.pids_max) needed.pids_max = l.pids_max;
      }
    }
    if (auto error = check_cgroup_root(*sd.cgroup_root, needed)) {
      std::cerr << usage_error_text(ctx.options.progname, *error);
      return 2;
    }
  }
  for (const std::string& w : config.warnings) messages.warnings.push_back(w);
  messages.infos.insert(messages.infos.begin(), config.infos.begin(), config.infos.end());

  MainLog log;
  MainLog::Options log_options;
  log_options.logfile = sd.logfile;
  log_options.maxbytes = sd.logfile_maxbytes;
  log_options.backups = sd.logfile_backups;
  log_options.level = sd.loglevel;
  log_options.to_stdout = sd.nodaemon && !sd.silent;
  log_options.rotate_every = sd.logfile_rotate_every;
  log_options.compress = sd.logfile_compress;
  if (std::error_code ec = log.open(log_options)) {
    std::cerr << fmt::format("Error: cannot open the log file {}: {}\n", sd.logfile, ec.message());
    return 1;
  }
  MainLogRotationTimer rotation_timer(ctx.os, log, sd.logfile_rotate_every);
  messages.log_to(log);
  if (!sd.nocleanup) clear_auto_child_logs(sd, log);

  DaemonSettings settings;
  settings.environment = ctx.environment;
  settings.serverurl = sd.serverurl.value_or("");
  settings.respawn_pacing = std::chrono::milliseconds(sd.respawn_pacing_ms);
  Supervisor supervisor(ctx.io, ctx.os, log, std::move(config), settings, make_loader(ctx.options, ctx.sys));
  if (ctx.hooks.check_restart) supervisor.set_restart_check(ctx.hooks.check_restart);
  EventBus events(supervisor);  // before the groups: it sees their PROCESS_GROUP_ADDED
  HealthMonitor health(supervisor);  // after the bus: health verdicts become events
  supervisor.create_groups();
  if (ctx.hooks.open) {
    if (auto error = ctx.hooks.open(supervisor)) {
      std::cerr << usage_error_text(ctx.options.progname, *error);
      return 2;
    }
  }
  if (first && !sd.nodaemon) daemonize(sd, log);
  // Orphaned grandchildren come back to us, so they are reaped and stopasgroup can find
  // them; pointless (and harmless) as PID 1.
  if (::getpid() != 1) ::prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0);
  bool pidfile_written = write_pidfile(sd.pidfile, log);

  std::optional<SupervisorState> outcome;
  supervisor.set_on_finished([&outcome, &ctx](SupervisorState mood) {
    outcome = mood;
    ctx.io.stop();
  });
  ctx.current = &supervisor;
  supervisor.start();
  ctx.io.restart();
  ctx.io.run();
  ctx.current = nullptr;

  if (ctx.hooks.close) ctx.hooks.close();
  if (pidfile_written) ::unlink(sd.pidfile.c_str());
  if (outcome == SupervisorState::kRestarting) {
    std::optional<Config> next = supervisor.take_next_config();
    if (!next) {
      auto loaded = make_loader(ctx.options, ctx.sys)();
      if (auto* error = std::get_if<std::string>(&loaded)) {
        std::cerr << "Error: " << *error << "\n";
        return 2;
      }
      next = std::move(std::get<Config>(loaded));
    }
    config = std::move(*next);
    return std::nullopt;
  }
  // on_fatal / on_exit = shutdown (ours) exit with the program's status; otherwise 0.
  return supervisor.exit_status().value_or(0);
}

}  // namespace

int run_supervisord(const std::vector<std::string>& argv, const ServerHooks& hooks) {
  RealSystem sys;
  auto parsed = parse_server_options(argv, sys);
  if (auto* exit = std::get_if<ExitRequest>(&parsed)) {
    std::cout << exit->out;
    std::cerr << exit->err;
    return exit->code;
  }
  const ServerOptions& options = std::get<ServerOptions>(parsed);
  if (options.check_config) return run_check_config(options, sys, std::cout, std::cerr);
  ServerConfigLoad loaded = load_server_config(options, sys);
  std::cerr << loaded.notice;
  if (loaded.exit) {
    std::cerr << loaded.exit->err;
    return loaded.exit->code;
  }
  Config config = std::move(*loaded.config);

  // A child closing its stdin must not kill us; children get SIGPIPE ignored too (§5.3).
  ::signal(SIGPIPE, SIG_IGN);
  std::vector<std::pair<std::string, std::string>> environment = current_environment();
  boost::asio::io_context io;
  PosixOs os(io);
  Supervisor* current = nullptr;
  boost::asio::signal_set signals(io, SIGTERM, SIGINT, SIGQUIT);
  signals.add(SIGHUP);
  signals.add(SIGUSR2);
  signals.add(SIGCHLD);
  std::function<void()> wait_signal = [&]() {
    signals.async_wait([&](const boost::system::error_code& ec, int sig) {
      if (ec) return;
      if (current) {
        current->handle_signal(sig);
      } else if (sig == SIGCHLD) {
        // Between incarnations only orphans can exit; reap them so none stays a zombie.
        while (os.reap().kind == ReapResult::Kind::kChild) {
        }
      }
      wait_signal();
    });
  };
  wait_signal();

  Incarnation ctx{io, os, options, sys, hooks, environment, current};
  for (bool first = true;; first = false) {
    if (auto status = run_incarnation(ctx, config, first)) {
      // Exiting: a late SIGTERM (a service manager, a test harness) must not turn the clean
      // exit into a kill while the process tears down. clear() restores the defaults first.
      signals.clear();
      for (int sig : {SIGTERM, SIGINT, SIGQUIT, SIGHUP}) ::signal(sig, SIG_IGN);
      return *status;
    }
  }
}

}  // namespace sup
