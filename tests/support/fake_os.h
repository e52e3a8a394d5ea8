// A machine on paper for the process core's unit tests: a monotonic clock that moves only
// when the test advances it, children that exist only as pids, a record of every spawn and
// kill, and exits the test decides. Alarms fire as the clock passes them, each followed by
// the event loop's ready handlers, as the real loop would run them. A spawn takes one
// microsecond, as a real one takes some time: Supervisor's rules compare elapsed times
// strictly (startsecs=0 means "more than 0 s"), and a clock that never moved would break them.
//
// A fake child holds the child ends of its pipes as a forked one would (copies taken at
// spawn, closed when it ends): the daemon's writes to its stdin succeed, its output readers
// see EOF only once it has ended, and a test can play the child's side of the pipes
// (read_stdin, write_stdout).
//
// Lifetime: outlives the Supervisor under test; `io` outlives this object.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <deque>
#include <functional>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include <boost/asio/io_context.hpp>

#include "supervisord/child/os.h"

namespace sup::test {

class FakeOs final : public Os {
 public:
  struct Spawn {
    pid_t pid;
    std::string path;
    std::vector<std::string> argv;
    std::vector<std::pair<std::string, std::string>> environment;
    MonotonicTime at;
    std::string cgroup;  // "" without cgroup_root
  };
  struct Kill {
    pid_t target;  // negative: a process group
    int sig;
    MonotonicTime at;
  };

  explicit FakeOs(boost::asio::io_context& io);
  ~FakeOs() override;
  FakeOs(const FakeOs&) = delete;
  FakeOs& operator=(const FakeOs&) = delete;

  MonotonicTime monotonic_now() override { return now_; }
  std::chrono::system_clock::time_point wall_now() override;
  std::variant<pid_t, SpawnError> spawn(const SpawnRequest& request) override;
  int kill(pid_t target, int sig) override;
  void kill_cgroup(const std::string& path) override { killed_cgroups_.push_back(path); }
  void remove_cgroup(const std::string& path) override { removed_cgroups_.push_back(path); }
  const std::vector<std::string>& killed_cgroups() const { return killed_cgroups_; }
  ReapResult reap() override;
  std::unique_ptr<Alarm> make_alarm() override;

  // Runs the loop's ready handlers (posted passes) until none is left.
  void settle();
  // Moves the clock forward by `step`, firing every alarm that falls due on the way at its
  // own time, settling the loop after each.
  void advance(std::chrono::milliseconds step);
  // The child `pid` ends with wait status `status` (see exited()/killed_by()): the next
  // reap() returns it, and the SIGCHLD handler (set_sigchld) is posted to the loop, as the
  // daemon's signal_set would deliver it.
  void end_child(pid_t pid, int status);
  void set_sigchld(std::function<void()> handler) { sigchld_ = std::move(handler); }
  // Every child spawned from now on ends at once with `status` (nullopt: children live until
  // end_child()).
  void end_children_at_spawn(std::optional<int> status) { instant_end_ = status; }
  // What the daemon has written to `pid`'s stdin since the last call ("" for none, or for
  // a child that has ended).
  std::string read_stdin(pid_t pid);
  // The live child `pid` writes `data` to its stdout; the daemon reads it when the loop
  // next runs (settle(), advance()).
  void write_stdout(pid_t pid, std::string_view data);
  // Whether any alarm is armed: an idle core must have none.
  bool alarm_armed() const { return !armed_.empty(); }

  // The next spawn fails as fork() would with `errnum`.
  void fail_next_spawn(int errnum) { spawn_errno_ = errnum; }
  // Every kill() fails with `errnum` (0: kills work again).
  void fail_kills(int errnum) { kill_errno_ = errnum; }

  const std::vector<Spawn>& spawns() const { return spawns_; }
  const std::vector<Kill>& kills() const { return kills_; }
  bool alive(pid_t pid) const { return live_.count(pid) > 0; }
  // Time since the fake machine started, now or at `t`.
  std::chrono::milliseconds elapsed() const { return since_start(now_); }
  std::chrono::milliseconds since_start(MonotonicTime t) const;

  // Raw wait statuses, as waitpid() reports them.
  static int exited(int code) { return (code & 0xff) << 8; }
  static int killed_by(int sig) { return sig & 0x7f; }

 private:
  class FakeAlarm;  // registers itself in armed_

  // A live child's copies of its pipe ends (-1: none).
  struct ChildEnds {
    int stdin_fd = -1;
    int stdout_fd = -1;
    int stderr_fd = -1;
  };
  void close_ends(pid_t pid);

  struct Pending {
    MonotonicTime at;
    std::function<void()> fire;
  };
  std::optional<std::pair<FakeAlarm*, MonotonicTime>> next_due(MonotonicTime limit) const;

  boost::asio::io_context& io_;
  const MonotonicTime start_;
  MonotonicTime now_;
  pid_t next_pid_ = 1000;
  static constexpr std::chrono::microseconds kSpawnCost{1};
  int spawn_errno_ = 0;
  int kill_errno_ = 0;
  std::optional<int> instant_end_;
  std::function<void()> sigchld_;
  std::set<pid_t> live_;
  std::map<pid_t, ChildEnds> ends_;
  std::deque<std::pair<pid_t, int>> ended_;
  std::vector<Spawn> spawns_;
  std::vector<Kill> kills_;
  std::vector<std::string> killed_cgroups_;
  std::vector<std::string> removed_cgroups_;
  std::map<FakeAlarm*, Pending> armed_;
};

}  // namespace sup::test
