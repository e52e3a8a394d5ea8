// Processes a test starts and watches. A ChildProcess is fork + exec with the signal mask
// and handlers reset, stdin from /dev/null, stdout and stderr to one file, normally in a
// process group of its own; its exit is polled for with a deadline and it is stopped by pid.
//
// Lifetime: a ChildProcess owns its child. The destructor stops it (SIGTERM, then SIGKILL),
// so a test that fails half-way leaves nothing running. When the child is in a group of its
// own, whatever is still in that group when it exits is SIGKILLed before it is reaped (the
// unreaped child keeps the group id from being reused, so only its own descendants are hit).
#pragma once

#include <sys/types.h>

#include <chrono>
#include <optional>
#include <string>
#include <vector>

namespace sup::test {

using namespace std::chrono_literals;

struct ChildSpec {
  std::vector<std::string> argv;       // argv[0]: a path, or a name looked up in PATH
  std::vector<std::string> extra_env;  // "NAME=value", replacing NAME in the test's environment
  std::string cwd;                     // "" = the test's
  std::string output;                  // receives stdout and stderr; "" = /dev/null
  // false: stays in the test's process group, and nothing but the child itself is killed.
  // For a launcher that must leave a survivor behind (a daemonizing supervisord).
  bool own_group = true;
};

class ChildProcess final {
 public:
  // Throws std::runtime_error when the program is not found, the output file cannot be
  // opened or fork() fails. An exec failure shows as exit status 127.
  explicit ChildProcess(const ChildSpec& spec);
  ~ChildProcess();
  ChildProcess(const ChildProcess&) = delete;
  ChildProcess& operator=(const ChildProcess&) = delete;

  pid_t pid() const { return pid_; }
  // Whether it has exited; reaps it if so (exit_status() then says how).
  bool exited();
  // Exit code, or 128 + the signal that killed it; nullopt while it runs.
  std::optional<int> exit_status() const { return status_; }
  // Polls for the exit until `timeout`: the exit status, or nullopt if it still runs.
  std::optional<int> wait_exit(std::chrono::milliseconds timeout);
  // Sends `sig` by pid; nothing once it has exited.
  void signal(int sig) const;
  // SIGTERM, up to `grace` for the exit, then SIGKILL. The exit status, or -1 when it had to
  // be killed. Once exited, its exit status again.
  int stop(std::chrono::milliseconds grace = 20s);

 private:
  pid_t pid_ = -1;
  bool own_group_ = true;
  std::optional<int> status_;
};

struct CommandResult {
  int status = -1;     // exit status as ChildProcess reports it; -1 when the deadline passed
  std::string output;  // stdout and stderr together
};

// Runs a command to completion in a group of its own, killed by pid at the deadline.
CommandResult run_command(const std::vector<std::string>& argv, std::chrono::milliseconds timeout,
                          const std::vector<std::string>& extra_env = {});

// Whether `pid` names a live process (a zombie counts as dead).
bool pid_alive(pid_t pid);

}  // namespace sup::test
