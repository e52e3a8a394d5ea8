#include "supervisord/health/exec_probe.h"

#include <fcntl.h>
#include <signal.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <optional>
#include <utility>
#include <variant>

#include "supervisord/child/command.h"
#include "supervisord/child/environment_files.h"
#include "supervisord/child/spawn_child.h"
#include "supervisord/child/wait_status.h"
#include "supervisord/core/process_group.h"
#include "supervisord/core/supervisor.h"

namespace sup {

namespace {

// What the watched child and the handle share: the handle may go first (cancel), or the
// child (reaped). `pid` is 0 once reaped, so a cancel never signals a reused pid.
struct ExecState {
  pid_t pid = 0;
  ProbeDone done;
};

}  // namespace

std::unique_ptr<Probe> start_exec_probe(Supervisor& supervisor, const Process& process, const std::string& command,
                                        ProbeDone done) {
  const ProcessConfig& config = process.config();
  auto resolved = resolve_command(command, config.environment, daemon_path());
  if (auto* error = std::get_if<SpawnError>(&resolved)) {
    return fail_probe_soon(supervisor.io(), std::move(done), error->text);
  }
  ResolvedCommand& resolved_command = std::get<ResolvedCommand>(resolved);

  int null_fd = ::open("/dev/null", O_RDWR | O_CLOEXEC);
  if (null_fd < 0) {
    return fail_probe_soon(supervisor.io(), std::move(done), std::string("/dev/null: ") + std::strerror(errno));
  }
  SpawnRequest request;
  request.program = config.name;
  request.path = std::move(resolved_command.path);
  request.argv = std::move(resolved_command.argv);
  const DaemonSettings& settings = supervisor.settings();
  std::string serverurl = config.serverurl ? *config.serverurl : settings.serverurl;
  // The program's environment, environment files included, as its own spawn gets it.
  auto environment = program_environment(config);
  if (auto* error = std::get_if<SpawnError>(&environment)) {
    ::close(null_fd);
    return fail_probe_soon(supervisor.io(), std::move(done), error->text);
  }
  request.environment = child_environment(settings.environment, serverurl, config.name, process.group().name(),
                                          std::get<std::map<std::string, std::string>>(environment));
  request.directory = config.directory;
  request.umask = config.umask;
  request.uid = config.uid;
  request.stdin_fd = request.stdout_fd = request.stderr_fd = null_fd;
  auto spawned = supervisor.os().spawn(request);
  ::close(null_fd);
  if (auto* error = std::get_if<SpawnError>(&spawned)) {
    return fail_probe_soon(supervisor.io(), std::move(done), error->text);
  }

  auto state = std::make_shared<ExecState>();
  state->pid = std::get<pid_t>(spawned);
  state->done = std::move(done);
  supervisor.watch_child(state->pid, [weak = std::weak_ptr<ExecState>(state)](int status) {
    auto live = weak.lock();
    if (!live) return;
    live->pid = 0;
    if (!live->done) return;
    ProbeDone finish = std::exchange(live->done, nullptr);
    WaitStatus decoded = decode_wait_status(status);
    finish(decoded.exitstatus == 0 ? ProbeResult::passed() : ProbeResult::failed(decoded.text));
  });
  return std::make_unique<Probe>([state, &os = supervisor.os()] {
    state->done = nullptr;
    if (state->pid != 0) os.kill(-state->pid, SIGKILL);
  });
}

}  // namespace sup
