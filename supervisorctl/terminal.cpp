#include "supervisorctl/terminal.h"

#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <termios.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>

#include "supervisorctl/session.h"

namespace sup::ctl {
namespace {

void on_sigint(int) { g_interrupted = 1; }

StdinLine read_line_fd(int fd) {
  StdinLine result;
  char c;
  for (;;) {
    // Waiting first closes the window where Ctrl-C lands just before a blocking read(2),
    // which would then sleep until the next keystroke.
    const InputWait waited = wait_for_input(fd);
    if (waited == InputWait::kInterrupted) {
      result.outcome = StdinLine::Outcome::kInterrupted;
      return result;
    }
    const ssize_t n = waited == InputWait::kReadable ? ::read(fd, &c, 1) : -1;
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      result.outcome = result.text.empty() ? StdinLine::Outcome::kEof : StdinLine::Outcome::kLine;
      return result;
    }
    if (c == '\n') {
      result.outcome = StdinLine::Outcome::kLine;
      return result;
    }
    result.text += c;
  }
}

}  // namespace

InputWait wait_for_input(int fd) {
  // SIGINT stays blocked between testing g_interrupted and sleeping; ppoll unblocks it
  // atomically, so a Ctrl-C either is seen by the test or wakes the ppoll with EINTR.
  sigset_t sigint, saved;
  sigemptyset(&sigint);
  sigaddset(&sigint, SIGINT);
  ::pthread_sigmask(SIG_BLOCK, &sigint, &saved);
  sigset_t while_waiting = saved;
  sigdelset(&while_waiting, SIGINT);
  InputWait result = InputWait::kError;
  for (;;) {
    if (g_interrupted != 0) {
      result = InputWait::kInterrupted;
      break;
    }
    pollfd p{fd, POLLIN, 0};
    const int r = ::ppoll(&p, 1, nullptr, &while_waiting);
    if (r < 0 && errno == EINTR) continue;
    result = r > 0 ? InputWait::kReadable : InputWait::kError;
    break;
  }
  const int saved_errno = errno;
  ::pthread_sigmask(SIG_SETMASK, &saved, nullptr);
  errno = saved_errno;
  return result;
}

bool stdin_is_terminal() { return ::isatty(STDIN_FILENO) == 1; }

StdinLine read_stdin_line() { return read_line_fd(STDIN_FILENO); }

std::optional<std::string> read_password(const std::string& prompt) {
  std::fflush(stdout);
  const int tty = ::open("/dev/tty", O_RDWR | O_CLOEXEC | O_NOCTTY);
  const int in = tty >= 0 ? tty : STDIN_FILENO;
  const int out = tty >= 0 ? tty : STDERR_FILENO;
  termios saved{};
  const bool is_tty = ::tcgetattr(in, &saved) == 0;
  if (is_tty) {
    // Echo goes off (TCSAFLUSH, as getpass does) before the prompt appears: flushing after
    // it would throw away a password typed as soon as the prompt was seen, and echo it.
    termios quiet = saved;
    quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
    ::tcsetattr(in, TCSAFLUSH, &quiet);
  }
  (void)!::write(out, prompt.data(), prompt.size());
  StdinLine line = read_line_fd(in);
  if (is_tty) {
    ::tcsetattr(in, TCSAFLUSH, &saved);
    (void)!::write(out, "\n", 1);
  }
  if (tty >= 0) ::close(tty);
  if (line.outcome != StdinLine::Outcome::kLine) return std::nullopt;
  return line.text;
}

SigintCatcher::SigintCatcher() {
  struct sigaction action {};
  action.sa_handler = on_sigint;
  sigemptyset(&action.sa_mask);
  action.sa_flags = 0;  // no SA_RESTART: a blocking read returns EINTR
  ::sigaction(SIGINT, &action, &previous_);
}

SigintCatcher::~SigintCatcher() { ::sigaction(SIGINT, &previous_, nullptr); }

}  // namespace sup::ctl
