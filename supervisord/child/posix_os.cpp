#include "supervisord/child/posix_os.h"

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>

#include <boost/asio/steady_timer.hpp>

#include "supervisord/child/cgroup.h"

namespace sup {

namespace {

class AsioAlarm final : public Alarm {
 public:
  explicit AsioAlarm(boost::asio::io_context& io) : timer_(io) {}
  ~AsioAlarm() override { *alive_ = false; }
  AsioAlarm(const AsioAlarm&) = delete;
  AsioAlarm& operator=(const AsioAlarm&) = delete;

  void set(MonotonicTime at, std::function<void()> fire) override {
    cancel();
    timer_.expires_at(at);
    // The generation tells a stale completion (cancelled, or replaced by a newer set())
    // from the current one.
    std::uint64_t generation = ++generation_;
    timer_.async_wait([this, generation, alive = alive_, fire = std::move(fire)](const boost::system::error_code& ec) {
      if (ec || !*alive || generation != generation_) return;
      fire();
    });
  }

  void cancel() override {
    ++generation_;
    timer_.cancel();
  }

 private:
  boost::asio::steady_timer timer_;
  std::uint64_t generation_ = 0;
  // The handler may run after the alarm is gone (its cancellation is queued): it checks this.
  std::shared_ptr<bool> alive_ = std::make_shared<bool>(true);
};

}  // namespace

MonotonicTime PosixOs::monotonic_now() { return MonotonicClock::now(); }

std::chrono::system_clock::time_point PosixOs::wall_now() { return std::chrono::system_clock::now(); }

std::variant<pid_t, SpawnError> PosixOs::spawn(const SpawnRequest& request) {
  if (request.cgroup.empty()) return spawn_child(request);
  static const CgroupLimits kNone;
  auto opened = open_cgroup(request.cgroup, request.cgroup_limits ? *request.cgroup_limits : kNone);
  if (auto* error = std::get_if<SpawnError>(&opened)) return std::move(*error);
  SpawnRequest joined = request;
  joined.cgroup_procs_fd = std::get<int>(opened);
  auto spawned = spawn_child(joined);
  ::close(joined.cgroup_procs_fd);
  return spawned;
}

void PosixOs::kill_cgroup(const std::string& path) { sup::kill_cgroup(path); }

void PosixOs::remove_cgroup(const std::string& path) { ::rmdir(path.c_str()); }

int PosixOs::kill(pid_t target, int sig) { return ::kill(target, sig) == 0 ? 0 : errno; }

ReapResult PosixOs::reap() {
  for (;;) {
    int status = 0;
    pid_t pid = ::waitpid(-1, &status, WNOHANG);
    if (pid > 0) return {ReapResult::Kind::kChild, pid, status, 0};
    if (pid == 0) return {};
    if (errno == EINTR) continue;
    if (errno == ECHILD) return {};
    return {ReapResult::Kind::kError, 0, 0, errno};
  }
}

std::unique_ptr<Alarm> PosixOs::make_alarm() { return std::make_unique<AsioAlarm>(io_); }

}  // namespace sup
