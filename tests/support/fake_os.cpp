#include "tests/support/fake_os.h"

#include <cerrno>
#include <utility>

#include <boost/asio/post.hpp>

namespace sup::test {

namespace {

// An arbitrary but fixed wall-clock origin: 2026-01-01T00:00:00Z.
constexpr std::chrono::seconds kWallOrigin{1767225600};

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

FakeOs::~FakeOs() = default;

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
  spawns_.push_back({pid, request.path, request.argv, request.environment, now_});
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

void FakeOs::end_child(pid_t pid, int status) {
  live_.erase(pid);
  ended_.emplace_back(pid, status);
  if (sigchld_) boost::asio::post(io_, sigchld_);
}

std::chrono::milliseconds FakeOs::since_start(MonotonicTime t) const {
  return std::chrono::duration_cast<std::chrono::milliseconds>(t - start_);
}

}  // namespace sup::test
