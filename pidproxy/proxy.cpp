#include "pidproxy/proxy.h"

#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/signalfd.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <optional>
#include <string>
#include <vector>

#include "common/signals.h"
#include "pidproxy/pidfile.h"

extern char** environ;

namespace sup::pidproxy {
namespace {

constexpr int kRelayed[] = {SIGTERM, SIGHUP, SIGINT, SIGQUIT, SIGUSR1, SIGUSR2};
// Without pidfds (kernels before 5.3) the stopped process is watched by polling this often.
constexpr int kPollWithoutPidfdMs = 100;

// Through syscall(): glibc 2.36's <sys/pidfd.h> declares these without C linkage for C++.
int pidfd_open(pid_t pid) { return static_cast<int>(syscall(SYS_pidfd_open, pid, 0)); }
int pidfd_send_signal(int fd, int sig) { return static_cast<int>(syscall(SYS_pidfd_send_signal, fd, sig, nullptr, 0)); }

bool is_stop_signal(int sig) { return sig == SIGTERM || sig == SIGINT || sig == SIGQUIT; }

void say(int fd, const std::string& text) {
  const char* p = text.data();
  std::size_t left = text.size();
  while (left > 0) {
    const ssize_t n = write(fd, p, left);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return;
    p += n;
    left -= static_cast<std::size_t>(n);
  }
}

sigset_t handled_signals() {
  sigset_t set;
  sigemptyset(&set);
  for (int sig : kRelayed) sigaddset(&set, sig);
  sigaddset(&set, SIGCHLD);
  return set;
}

class Proxy final {
 public:
  explicit Proxy(const Invocation& inv) : inv_(inv) {}
  ~Proxy() {
    if (signal_fd_ >= 0) close(signal_fd_);
    if (target_fd_ >= 0) close(target_fd_);
  }
  Proxy(const Proxy&) = delete;
  Proxy& operator=(const Proxy&) = delete;

  int run() {
    const sigset_t handled = handled_signals();
    sigprocmask(SIG_BLOCK, &handled, nullptr);
    // Inherited SIG_IGN would reach COMMAND through exec, and for SIGCHLD would make the
    // kernel reap our children itself.
    for (int sig = 1; sig < NSIG; ++sig) {
      if (sigismember(&handled, sig)) signal(sig, SIG_DFL);
    }
    prctl(PR_SET_CHILD_SUBREAPER, 1);
    signal_fd_ = signalfd(-1, &handled, SFD_CLOEXEC | SFD_NONBLOCK);
    if (signal_fd_ < 0) {
      say(2, std::string("pidproxy: signalfd: ") + strerror(errno) + "\n");
      return 1;
    }
    if (const int error = spawn(handled); error != 0) {
      say(2, "pidproxy: cannot run " + inv_.argv[0] + ": " + strerror(error) + "\n");
      return 127;
    }
    while (true) {
      reap();
      if (stopping_ ? target_gone() : !children_left_) return 0;
      wait_for_events();
      if (const auto status = read_signals()) return *status;
    }
  }

 private:
  int spawn(const sigset_t& handled) {
    posix_spawnattr_t attr;
    posix_spawnattr_init(&attr);
    sigset_t none;
    sigemptyset(&none);
    posix_spawnattr_setsigmask(&attr, &none);
    posix_spawnattr_setsigdefault(&attr, &handled);
    posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF);
    std::vector<char*> argv;
    for (const auto& a : inv_.argv) argv.push_back(const_cast<char*>(a.c_str()));
    argv.push_back(nullptr);
    const int error = posix_spawn(&child_, inv_.program.c_str(), nullptr, &attr, argv.data(), environ);
    posix_spawnattr_destroy(&attr);
    child_running_ = error == 0;
    return error;
  }

  // One SIGCHLD may stand for several exits: wait until waitpid has nothing more.
  void reap() {
    while (true) {
      int status = 0;
      const pid_t pid = waitpid(-1, &status, WNOHANG);
      if (pid > 0) {
        if (pid == child_) child_running_ = false;
        continue;
      }
      if (pid < 0 && errno == EINTR) continue;
      children_left_ = pid == 0;  // -1 is ECHILD
      return;
    }
  }

  bool target_gone() {
    if (target_fd_ >= 0) {
      pollfd p{target_fd_, POLLIN, 0};
      return poll(&p, 1, 0) > 0;
    }
    return kill(target_, 0) != 0 && errno == ESRCH;
  }

  void wait_for_events() {
    pollfd fds[2] = {{signal_fd_, POLLIN, 0}, {target_fd_, POLLIN, 0}};
    const bool watch_target = stopping_ && target_fd_ >= 0;
    const int timeout = stopping_ && !watch_target ? kPollWithoutPidfdMs : -1;
    poll(fds, watch_target ? 2 : 1, timeout);  // EINTR only means "look again"
  }

  // The exit status when a signal ends pidproxy at once.
  std::optional<int> read_signals() {
    signalfd_siginfo info;
    while (read(signal_fd_, &info, sizeof info) == static_cast<ssize_t>(sizeof info)) {
      const int sig = static_cast<int>(info.ssi_signo);
      if (sig == SIGCHLD) continue;  // the loop reaps
      if (const auto status = relay(sig)) return status;
    }
    return std::nullopt;
  }

  std::optional<int> relay(int sig) {
    pid_t to = 0;
    if (const auto pid = read_pidfile(inv_.pidfile)) {
      to = *pid;
    } else {
      say(1, "Can't read child pidfile " + inv_.pidfile + "!\n");
      if (!is_stop_signal(sig) || !child_running_) return std::nullopt;
      to = child_;
    }
    // Through a pidfd, so that the process we watch afterwards is the one we signalled even
    // if its pid is reused meanwhile.
    const int fd = pidfd_open(to);
    const int rc = fd >= 0 ? pidfd_send_signal(fd, sig) : kill(to, sig);
    if (rc != 0) {
      const int error = errno;
      if (fd >= 0) close(fd);
      say(2, "pidproxy: cannot send SIG" + signal_display_name(sig) + " to pid " + std::to_string(to) +
                 ": " + strerror(error) + "\n");
      return 1;
    }
    if (!is_stop_signal(sig) || stopping_) {
      if (fd >= 0) close(fd);
      return std::nullopt;
    }
    stopping_ = true;
    target_ = to;
    target_fd_ = fd;
    return std::nullopt;
  }

  const Invocation& inv_;
  int signal_fd_ = -1;
  pid_t child_ = 0;
  bool child_running_ = false;
  bool children_left_ = true;
  bool stopping_ = false;  // a TERM, INT or QUIT has been passed on to target_
  pid_t target_ = 0;
  int target_fd_ = -1;  // pidfd of target_, or -1 without pidfd support
};

}  // namespace

int run_proxy(const Invocation& inv) { return Proxy(inv).run(); }

}  // namespace sup::pidproxy
