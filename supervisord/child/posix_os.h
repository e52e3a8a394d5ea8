// The real machine behind the Os seam: std::chrono clocks, spawn_child(), kill(2),
// waitpid(2), and alarms on Boost.Asio timers of the daemon's event loop.
#pragma once

#include <boost/asio/io_context.hpp>

#include "supervisord/child/os.h"

namespace sup {

class PosixOs final : public Os {
 public:
  // `io` runs the alarms and must outlive this object and every alarm it made.
  explicit PosixOs(boost::asio::io_context& io) : io_(io) {}
  PosixOs(const PosixOs&) = delete;
  PosixOs& operator=(const PosixOs&) = delete;

  MonotonicTime monotonic_now() override;
  std::chrono::system_clock::time_point wall_now() override;
  std::variant<pid_t, SpawnError> spawn(const SpawnRequest& request) override;
  int kill(pid_t target, int sig) override;
  void kill_cgroup(const std::string& path) override;
  void remove_cgroup(const std::string& path) override;
  ReapResult reap() override;
  std::unique_ptr<Alarm> make_alarm() override;

 private:
  boost::asio::io_context& io_;
};

}  // namespace sup
