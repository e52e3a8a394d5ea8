#include "rpc_harness.h"

#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <sstream>
#include <stdexcept>

extern char** environ;

namespace sup::rpctest {
namespace {

void nap(std::chrono::milliseconds ms) {
  struct timespec ts {static_cast<time_t>(ms.count() / 1000), static_cast<long>((ms.count() % 1000) * 1000000)};
  nanosleep(&ts, nullptr);
}

// Waits for `pid` until `timeout`; returns the status or -1 (still running).
int wait_pid(pid_t pid, std::chrono::milliseconds timeout) {
  auto deadline = std::chrono::steady_clock::now() + timeout;
  for (;;) {
    int status = 0;
    pid_t got = ::waitpid(pid, &status, WNOHANG);
    if (got == pid) return status;
    if (got < 0) return -2;
    if (std::chrono::steady_clock::now() > deadline) return -1;
    nap(10ms);
  }
}

}  // namespace

Daemon::Daemon(const std::string& binary, const std::string& config_path, const std::string& output_path) {
  pid_ = ::fork();
  if (pid_ < 0) throw std::runtime_error("fork failed");
  if (pid_ == 0) {
    ::setpgid(0, 0);
    int fd = ::open(output_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (fd >= 0) {
      ::dup2(fd, 1);
      ::dup2(fd, 2);
    }
    int null = ::open("/dev/null", O_RDONLY);
    if (null >= 0) ::dup2(null, 0);
    execl(binary.c_str(), binary.c_str(), "-n", "-c", config_path.c_str(), static_cast<char*>(nullptr));
    _exit(127);
  }
  ::setpgid(pid_, pid_);  // also from here, so that it holds before the child runs
}

Daemon::~Daemon() { stop(); }

bool Daemon::wait_for_socket(const std::string& path, std::chrono::milliseconds timeout) const {
  auto deadline = std::chrono::steady_clock::now() + timeout;
  while (std::chrono::steady_clock::now() < deadline) {
    int fd = ::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_un addr{};
    addr.sun_family = AF_UNIX;
    std::strncpy(addr.sun_path, path.c_str(), sizeof addr.sun_path - 1);
    bool ok = ::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0;
    ::close(fd);
    if (ok) return true;
    if (::waitpid(pid_, nullptr, WNOHANG) == pid_) return false;  // died (status lost: test fails anyway)
    nap(20ms);
  }
  return false;
}

int Daemon::wait_exit(std::chrono::milliseconds timeout) {
  if (reaped_) return status_;
  int status = wait_pid(pid_, timeout);
  if (status != -1) {
    reaped_ = true;
    status_ = status;
  }
  return status;
}

int Daemon::stop() {
  if (pid_ <= 0 || reaped_) return status_;
  ::kill(pid_, SIGTERM);
  if (wait_exit(20s) == -1) {
    ::kill(-pid_, SIGKILL);
    wait_exit(5s);
    status_ = -1;
  }
  // Children the daemon failed to stop share its process group.
  ::kill(-pid_, SIGKILL);
  reaped_ = true;
  return status_;
}

ScriptResult run_script(const std::vector<std::string>& argv, std::chrono::milliseconds timeout,
                        const std::vector<std::string>& extra_env) {
  char out_tmpl[] = "/tmp/sup-rpc-out-XXXXXX";
  int out_fd = ::mkstemp(out_tmpl);
  if (out_fd < 0) throw std::runtime_error("mkstemp failed");
  std::vector<std::string> env_strings;
  for (char** e = environ; *e != nullptr; ++e) env_strings.emplace_back(*e);
  for (const auto& e : extra_env) env_strings.push_back(e);
  std::vector<char*> env_ptrs;
  for (auto& e : env_strings) env_ptrs.push_back(e.data());
  env_ptrs.push_back(nullptr);
  std::vector<std::string> args = argv;
  std::vector<char*> arg_ptrs;
  for (auto& a : args) arg_ptrs.push_back(a.data());
  arg_ptrs.push_back(nullptr);

  pid_t pid = ::fork();
  if (pid < 0) throw std::runtime_error("fork failed");
  if (pid == 0) {
    ::setpgid(0, 0);
    ::dup2(out_fd, 1);
    ::dup2(out_fd, 2);
    int null = ::open("/dev/null", O_RDONLY);
    if (null >= 0) ::dup2(null, 0);
    ::execvpe(arg_ptrs[0], arg_ptrs.data(), env_ptrs.data());
    _exit(127);
  }
  ::setpgid(pid, pid);
  ::close(out_fd);
  ScriptResult result;
  int status = wait_pid(pid, timeout);
  if (status == -1) {
    ::kill(-pid, SIGKILL);
    wait_pid(pid, 5s);
    result.output = "[timed out]\n";
  } else if (WIFEXITED(status)) {
    result.status = WEXITSTATUS(status);
  }
  ::kill(-pid, SIGKILL);  // anything the script left behind in its group
  result.output += read_file(out_tmpl);
  ::unlink(out_tmpl);
  return result;
}

}  // namespace sup::rpctest
