#include "tests/support/fake_os.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <stdexcept>
#include <utility>

#include <boost/asio/post.hpp>

namespace sup::test {

namespace {

// An arbitrary but fixed wall-clock origin: 2026-01-01T00:00:00Z.
constexpr std::chrono::seconds kWallOrigin{1767225600};

// The child's copy of one of its descriptors, as fork() would give it (-1 stays -1).
int inherit(int fd) { return fd < 0 ? -1 : ::fcntl(fd, F_DUPFD_CLOEXEC, 3); }

}  // namespace

class FakeOs::FakeAlarm final : public Alarm {
 public:
  explicit FakeAlarm(FakeOs& os) : os_(os) {}
  ~FakeAlarm() override { cancel(); }
  FakeAlarm(const FakeAlarm&) = delete;
  FakeAlarm& operator=(const FakeAlarm&) = delete;

  void set(MonotonicTime at, std::function<void()> fire) override { os_.armed_[this] = {at, std::move(fire)}; }
  void cancel() override { os_.armed_.erase(this); }

 private:
  FakeOs& os_;
};

FakeOs::FakeOs(boost::asio::io_context& io)
    : io_(io), start_(MonotonicTime{} + std::chrono::hours(24)), now_(start_) {}

FakeOs::~FakeOs() {
  while (!ends_.empty()) close_ends(ends_.begin()->first);
}

std::chrono::system_clock::time_point FakeOs::wall_now() {
  return std::chrono::system_clock::time_point{kWallOrigin} +
         std::chrono::duration_cast<std::chrono::system_clock::duration>(now_ - start_);
}

std::variant<pid_t, SpawnError> FakeOs::spawn(const SpawnRequest& request) {
  if (int err = std::exchange(spawn_errno_, 0)) {
    auto kind = err == EAGAIN ? SpawnError::Kind::kProcessTable : SpawnError::Kind::kFork;
    return spawn_error_from_errno(kind, err, request.program);
  }
  pid_t pid = next_pid_++;
  live_.insert(pid);
  ChildEnds ends{inherit(request.stdin_fd), inherit(request.stdout_fd), inherit(request.stderr_fd)};
  // The test reads what the daemon wrote without ever blocking.
  if (ends.stdin_fd >= 0) ::fcntl(ends.stdin_fd, F_SETFL, ::fcntl(ends.stdin_fd, F_GETFL) | O_NONBLOCK);
  ends_[pid] = ends;
  spawns_.push_back({pid, request.path, request.argv, request.environment, now_, request.cgroup});
  now_ += kSpawnCost;
  if (instant_end_) end_child(pid, *instant_end_);
  return pid;
}

int FakeOs::kill(pid_t target, int sig) {
  kills_.push_back({target, sig, now_});
  if (kill_errno_) return kill_errno_;
  pid_t pid = target < 0 ? -target : target;
  return live_.count(pid) ? 0 : ESRCH;
}

ReapResult FakeOs::reap() {
  if (ended_.empty()) return {};
  auto [pid, status] = ended_.front();
  ended_.pop_front();
  return {ReapResult::Kind::kChild, pid, status, 0};
}

std::unique_ptr<Alarm> FakeOs::make_alarm() { return std::make_unique<FakeAlarm>(*this); }

void FakeOs::settle() {
  // Handlers may post more handlers; poll() runs only those ready, so loop until none ran.
  for (;;) {
    io_.restart();
    if (io_.poll() == 0) return;
  }
}

std::optional<std::pair<FakeOs::FakeAlarm*, MonotonicTime>> FakeOs::next_due(MonotonicTime limit) const {
  std::optional<std::pair<FakeAlarm*, MonotonicTime>> best;
  for (const auto& [alarm, pending] : armed_) {
    if (pending.at > limit) continue;
    if (!best || pending.at < best->second) best = std::make_pair(alarm, pending.at);
  }
  return best;
}

void FakeOs::advance(std::chrono::milliseconds step) {
  const MonotonicTime target = now_ + step;
  settle();
  while (auto due = next_due(target)) {
    if (due->second > now_) now_ = due->second;
    auto fire = std::move(armed_[due->first].fire);
    armed_.erase(due->first);
    fire();
    settle();
  }
  now_ = target;
  settle();
}

void FakeOs::close_ends(pid_t pid) {
  auto it = ends_.find(pid);
  if (it == ends_.end()) return;
  for (int fd : {it->second.stdin_fd, it->second.stdout_fd, it->second.stderr_fd}) {
    if (fd >= 0) ::close(fd);
  }
  ends_.erase(it);
}

std::string FakeOs::read_stdin(pid_t pid) {
  auto it = ends_.find(pid);
  if (it == ends_.end() || it->second.stdin_fd < 0) return "";
  std::string out;
  char buffer[4096];
  for (;;) {
    ssize_t n = ::read(it->second.stdin_fd, buffer, sizeof buffer);
    if (n > 0) {
      out.append(buffer, static_cast<size_t>(n));
      continue;
    }
    if (n < 0 && errno == EINTR) continue;
    return out;
  }
}

void FakeOs::write_stdout(pid_t pid, std::string_view data) {
  auto it = ends_.find(pid);
  if (it == ends_.end() || it->second.stdout_fd < 0) throw std::runtime_error("no live child " + std::to_string(pid));
  while (!data.empty()) {
    ssize_t n = ::write(it->second.stdout_fd, data.data(), data.size());
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) throw std::runtime_error("write to the stdout pipe of " + std::to_string(pid) + " failed");
    data.remove_prefix(static_cast<size_t>(n));
  }
}

void FakeOs::end_child(pid_t pid, int status) {
  live_.erase(pid);
  close_ends(pid);
  ended_.emplace_back(pid, status);
  if (sigchld_) boost::asio::post(io_, sigchld_);
}

std::chrono::milliseconds FakeOs::since_start(MonotonicTime t) const {
  return std::chrono::duration_cast<std::chrono::milliseconds>(t - start_);
}

}  // namespace sup::test
