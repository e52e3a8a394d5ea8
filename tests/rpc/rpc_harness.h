// End-to-end harness for the RPC tests: scratch directories, free ports, supervisord
// children (ours or Python's) started in their own process group and always stopped by pid,
// and helper scripts run with a deadline.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <string>
#include <vector>

#include "tests/support/env.h"
#include "tests/support/files.h"
#include "tests/support/ports.h"
#include "tests/support/temp_dir.h"

namespace sup::rpctest {

using namespace std::chrono_literals;

// The shared helpers, under the names this area's tests use.
using sup::test::env_or_fail;
using sup::test::read_file;
using sup::test::TempDir;
using sup::test::write_file;
using sup::test::free_tcp_port;

// `binary -n -c <config>`, output to <dir>/<label>.out, in its own process group. The
// destructor sends SIGTERM to the daemon's pid, waits, then SIGKILLs its process group.
class Daemon final {
 public:
  Daemon(const std::string& binary, const std::string& config_path, const std::string& output_path);
  ~Daemon();
  Daemon(const Daemon&) = delete;
  Daemon& operator=(const Daemon&) = delete;

  pid_t pid() const { return pid_; }
  // True once a connection to the unix socket `path` succeeds.
  bool wait_for_socket(const std::string& path, std::chrono::milliseconds timeout = 15s) const;
  // Waits for the exit; the wait status, or -1 on timeout.
  int wait_exit(std::chrono::milliseconds timeout);
  // SIGTERM, then SIGKILL if needed; the wait status (-1 when it had to be killed).
  int stop();

 private:
  pid_t pid_ = -1;
  bool reaped_ = false;
  int status_ = -1;
};

struct ScriptResult {
  int status = -1;  // exit code, or -1 when killed or timed out
  std::string output;  // stdout and stderr together
};

// Runs argv (argv[0] looked up in PATH) with a deadline; the child is killed by pid at the
// deadline. `extra_env`: "NAME=value" entries added to ours.
ScriptResult run_script(const std::vector<std::string>& argv, std::chrono::milliseconds timeout,
                        const std::vector<std::string>& extra_env = {});

}  // namespace sup::rpctest
