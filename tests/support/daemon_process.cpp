#include "tests/support/daemon_process.h"

#include <signal.h>
#include <unistd.h>

#include <cstdlib>
#include <set>
#include <stdexcept>

#include "tests/support/env.h"
#include "tests/support/files.h"
#include "tests/support/main_log.h"
#include "tests/support/poll.h"
#include "tests/support/sockets.h"
#include "tests/support/text.h"

namespace sup::test {
namespace {

// Process group of `pid` (field 5 of /proc/<pid>/stat), -1 when it is gone.
pid_t process_group(pid_t pid) {
  const std::string stat = read_file("/proc/" + std::to_string(pid) + "/stat");
  const std::size_t paren = stat.rfind(')');
  if (paren == std::string::npos) return -1;
  int ppid = 0, pgrp = -1;
  char state = 0;
  if (std::sscanf(stat.c_str() + paren + 1, " %c %d %d", &state, &ppid, &pgrp) != 3) return -1;
  return pgrp;
}

bool is_supervised_as(pid_t pid, const std::string& name) {
  const std::string env = read_file("/proc/" + std::to_string(pid) + "/environ");
  const std::string entry = "SUPERVISOR_PROCESS_NAME=" + name;
  return env.find(std::string("SUPERVISOR_ENABLED=1\0", 21)) != std::string::npos &&
         (env.rfind(entry + '\0', 0) == 0 || env.find('\0' + entry + '\0') != std::string::npos);
}

}  // namespace

std::string our_supervisord() { return env_or_fail("SUP_SUPERVISORD"); }

bool reference_installed() { return ::access(kReferenceSupervisord, X_OK) == 0; }

DaemonProcess::DaemonProcess(const TempDir& dir, const std::string& config_text, const std::string& binary,
                             const std::string& main_log)
    : dir_(dir.path()),
      config_path_(dir.file("supervisord.conf")),
      log_path_(dir.file(main_log)),
      output_path_(dir.file("daemon.out")) {
  write_file(config_path_, config_text);
  ChildSpec spec;
  spec.argv = {binary, "-n", "-c", config_path_};
  spec.cwd = dir_;
  spec.output = output_path_;
  process_ = std::make_unique<ChildProcess>(spec);
}

DaemonProcess::~DaemonProcess() {
  process_->stop(10s);
  const std::size_t slash = log_path_.rfind('/');
  kill_supervised_leftovers(log_path_.substr(0, slash), log_path_.substr(slash + 1));
}

std::string DaemonProcess::output() const { return read_file(output_path_); }

bool DaemonProcess::wait_ready(const std::string& socket_path, std::chrono::milliseconds timeout) {
  bool connected = false;
  wait_until(
      [&] {
        const int fd = connect_unix(socket_path);
        if (fd >= 0) ::close(fd);
        connected = fd >= 0;
        return connected || process_->exited();
      },
      timeout, 20ms);
  return connected;
}

std::string DaemonProcess::log() const { return read_file(log_path_); }

std::vector<std::string> DaemonProcess::log_lines() const { return split_lines(log()); }

std::vector<std::string> DaemonProcess::messages() const { return log_messages(log_lines()); }

int DaemonProcess::count(const std::string& needle) const { return count_of(log(), needle); }

bool DaemonProcess::wait_for(const std::string& needle, std::chrono::milliseconds timeout, int times) const {
  return wait_until([&] { return count(needle) >= times; }, timeout);
}

void kill_supervised_leftovers(const std::string& log_dir, const std::string& main_log) {
  std::vector<SpawnedChild> spawned;
  for (const std::string& name : list_dir(log_dir)) {
    if (name.rfind(main_log, 0) != 0) continue;
    for (SpawnedChild& child : spawned_children(read_file(log_dir + "/" + name))) spawned.push_back(std::move(child));
  }
  if (spawned.empty()) return;
  // A supervised child leads its own process group; what it left behind (a background
  // grandchild) is still in that group and carries the same environment.
  std::set<pid_t> doomed;
  for (const std::string& entry : list_dir("/proc")) {
    if (entry.find_first_not_of("0123456789") != std::string::npos) continue;
    const pid_t pid = std::atoi(entry.c_str());
    const pid_t group = process_group(pid);
    for (const SpawnedChild& child : spawned) {
      if (group == child.pid && pid_alive(pid) && is_supervised_as(pid, child.name)) doomed.insert(pid);
    }
  }
  for (pid_t pid : doomed) ::kill(pid, SIGKILL);
}

}  // namespace sup::test
