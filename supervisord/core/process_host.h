// What a Process may ask of the supervisor that owns it, and tell it. The Supervisor is the
// only implementation; the interface keeps Process from reaching into its owner's internals
// and says in one place what a process depends on.
//
// Lifetime: the host outlives every Process it hosts. All calls happen on the loop thread.
#pragma once

#include <sys/types.h>

#include <string>
#include <string_view>

#include <boost/asio/io_context.hpp>

#include "common/config.h"
#include "common/log_main.h"
#include "supervisord/child/channel.h"
#include "supervisord/child/os.h"
#include "supervisord/core/daemon_settings.h"
#include "supervisord/core/states.h"

namespace sup {

class Process;

// Whether a program's depends_on (ours) lets it be spawned now.
struct DependencyCheck {
  enum class Verdict { kReady, kWaiting, kFailed };
  Verdict verdict = Verdict::kReady;
  std::string reason;  // kWaiting: "waiting for db (healthy)"; kFailed: "dependency db is FATAL"
};

class ProcessHost {
 public:
  virtual Os& os() = 0;
  // The loop the child's pipes are read on.
  virtual boost::asio::io_context& io() = 0;
  virtual MainLog& log() = 0;
  virtual const SupervisordConfig& daemon_config() const = 0;
  virtual const DaemonSettings& settings() const = 0;
  // Automatic starts and restarts happen only while this is kRunning (process.md §1.2).
  virtual SupervisorState state() const = 0;
  // Asks for a loop pass soon: the process has something new to do or a new deadline.
  virtual void schedule_pass() = 0;

  // A child of `process` exists with `pid` (the host routes its exit back to on_exit()).
  virtual void child_started(pid_t pid, Process& process) = 0;
  // That child was reaped.
  virtual void child_gone(pid_t pid) = 0;

  // Notifications for the host's observers (events, the web page).
  virtual void process_state_changed(Process& process, ProcessState from, bool expected) = 0;
  virtual void process_output(Process& process, Channel channel, std::string_view data, bool captured) = 0;
  virtual void process_capture(Process& process, Channel channel, const std::string& data) = 0;
  virtual void process_health_changed(Process& process, Health from) = 0;

  // depends_on: whether `process` may be spawned now. Dependencies that are stopped are asked
  // to start (once per wait; see Process::want_start).
  virtual DependencyCheck check_dependencies(Process& process) = 0;
  // on_fatal / on_exit = shutdown (ours): stop everything and exit with `exit_status`.
  virtual void fail_fast(Process& process, int exit_status, const std::string& reason) = 0;

 protected:
  ~ProcessHost() = default;
};

}  // namespace sup
