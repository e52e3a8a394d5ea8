// Test harness for end-to-end daemon tests: scratch directories, a supervisord child started
// on a scratch config, and polling of its main log with deadlines. Every process started
// here is killed by pid when its owner goes out of scope, also when a test fails.
#pragma once

#include <sys/types.h>

#include <time.h>

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "tests/support/files.h"
#include "tests/support/temp_dir.h"

namespace sup::test {

using namespace std::chrono_literals;

bool file_exists(const std::string& path);
std::int64_t file_size(const std::string& path);
std::vector<std::string> split_lines(const std::string& text);
// Names in a directory (no . and ..), sorted.
std::vector<std::string> list_dir(const std::string& path);
bool pid_alive(pid_t pid);

// Path of our built supervisord (SUP_SUPERVISORD).
std::string our_supervisord();

// A [supervisord] section for a test in `dir`: log, pidfile and AUTO logs in `dir`,
// foreground, the given log level.
std::string supervisord_section(const TempDir& dir, const std::string& loglevel = "debug");

class Daemon final {
 public:
  // Starts `binary -n -c <config>` with stdout/stderr to files in the directory.
  // `extra_env` entries are "NAME=value".
  Daemon(const TempDir& dir, const std::string& config_text, std::string binary = our_supervisord(),
         std::vector<std::string> extra_env = {});
  ~Daemon();
  Daemon(const Daemon&) = delete;
  Daemon& operator=(const Daemon&) = delete;

  pid_t pid() const { return pid_; }
  std::string log() const;  // the main log file's content
  std::vector<std::string> log_lines() const;
  // Lines of the main log without the timestamp prefix ("INFO spawned: ...").
  std::vector<std::string> messages() const;
  // Waits until the main log contains `needle` at least `count` times.
  bool wait_for(const std::string& needle, std::chrono::milliseconds timeout = 10s, int count = 1) const;
  int count(const std::string& needle) const;
  void signal(int sig) const;
  // Sends SIGTERM and waits for the exit; returns the exit status (or -1 on timeout).
  int stop(std::chrono::milliseconds timeout = 20s);
  // Waits for the daemon to exit on its own.
  std::optional<int> wait_exit(std::chrono::milliseconds timeout);

  const std::string& config_path() const { return config_path_; }
  const std::string& log_path() const { return log_path_; }

 private:
  pid_t pid_ = -1;
  std::string config_path_;
  std::string log_path_;
};

// Polls `predicate` every 10 ms until it is true or the deadline passes.
template <typename F>
bool eventually(F predicate, std::chrono::milliseconds timeout = 10s) {
  auto deadline = std::chrono::steady_clock::now() + timeout;
  for (;;) {
    if (predicate()) return true;
    if (std::chrono::steady_clock::now() > deadline) return false;
    struct timespec ts {0, 10 * 1000 * 1000};
    nanosleep(&ts, nullptr);
  }
}

}  // namespace sup::test

namespace sup::test {

// Seconds (with milliseconds) of a main-log line's timestamp; only differences are meaningful.
double log_time(const std::string& line);
// Lines of the main log containing `needle`.
std::vector<std::string> lines_with(const std::vector<std::string>& lines, const std::string& needle);

}  // namespace sup::test
