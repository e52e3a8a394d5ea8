// A supervisord a test starts: ours (SUP_SUPERVISORD, set by ctest) or Debian's
// /usr/bin/supervisord where a test compares the two. It runs `-n -c <dir>/supervisord.conf`
// on a config the test writes, in the scratch directory, in a process group of its own,
// stdout and stderr in <dir>/daemon.out. Readiness is polled for with a deadline (its unix
// socket accepts a connection, or its main log shows a line), never slept for.
//
// Lifetime: the TempDir outlives the DaemonProcess. The destructor stops the daemon by pid
// (SIGTERM, then SIGKILL) and then kills every child its main log says it spawned that is
// still alive, with whatever is left in that child's process group: a failed assertion
// leaves nothing running.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "tests/support/child_process.h"
#include "tests/support/temp_dir.h"

namespace sup::test {

using namespace std::chrono_literals;

// Path of our built supervisord; throws std::runtime_error outside ctest.
std::string our_supervisord();
inline constexpr const char* kReferenceSupervisord = "/usr/bin/supervisord";
bool reference_installed();

class DaemonProcess final {
 public:
  // Writes `config_text` to <dir>/supervisord.conf and starts `binary` on it. `main_log` is
  // the config's logfile, relative to the directory (scratch_config.h writes sd.log).
  DaemonProcess(const TempDir& dir, const std::string& config_text, const std::string& binary = our_supervisord(),
                const std::string& main_log = "sd.log");
  ~DaemonProcess();
  DaemonProcess(const DaemonProcess&) = delete;
  DaemonProcess& operator=(const DaemonProcess&) = delete;

  pid_t pid() const { return process_->pid(); }
  const std::string& config_path() const { return config_path_; }
  const std::string& log_path() const { return log_path_; }
  std::string output() const;  // what it wrote to stdout and stderr so far

  // True once a connection to the unix socket `socket_path` succeeds; false when the deadline
  // passes or the daemon exits first.
  bool wait_ready(const std::string& socket_path, std::chrono::milliseconds timeout = 15s);

  // The main log: whole, by line, as messages without timestamps (main_log.h).
  std::string log() const;
  std::vector<std::string> log_lines() const;
  std::vector<std::string> messages() const;
  int count(const std::string& needle) const;
  // Polls until the main log contains `needle` at least `times` times.
  bool wait_for(const std::string& needle, std::chrono::milliseconds timeout = 10s, int times = 1) const;

  void signal(int sig) const { process_->signal(sig); }
  // Exit status (exit code, or 128 + signal) once it exits by itself; nullopt at the deadline.
  std::optional<int> wait_exit(std::chrono::milliseconds timeout) { return process_->wait_exit(timeout); }
  // SIGTERM and wait: the exit status, or -1 when it had to be SIGKILLed.
  int stop(std::chrono::milliseconds timeout = 20s) { return process_->stop(timeout); }

 private:
  std::string dir_;
  std::string config_path_;
  std::string log_path_;
  std::string output_path_;
  std::unique_ptr<ChildProcess> process_;
};

// SIGKILLs every process that `log_dir`'s main log `main_log` (and its rotated or renamed
// copies, any file there whose name starts with it) reports as spawned and that is still a
// supervised child of that name (SUPERVISOR_PROCESS_NAME in its environment), together with
// the members of its process group that are. For daemons a test did not start through
// DaemonProcess (a daemonized supervisord).
void kill_supervised_leftovers(const std::string& log_dir, const std::string& main_log);

}  // namespace sup::test
