#include "supervisorctl/terminal.h"

#include <fcntl.h>
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
    const ssize_t n = ::read(fd, &c, 1);
    if (n < 0 && errno == EINTR) {
      if (g_interrupted != 0) {
        result.outcome = StdinLine::Outcome::kInterrupted;
        return result;
      }
      continue;
    }
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

bool stdin_is_terminal() { return ::isatty(STDIN_FILENO) == 1; }

StdinLine read_stdin_line() { return read_line_fd(STDIN_FILENO); }

std::optional<std::string> read_password(const std::string& prompt) {
  std::fflush(stdout);
  const int tty = ::open("/dev/tty", O_RDWR | O_CLOEXEC | O_NOCTTY);
  const int in = tty >= 0 ? tty : STDIN_FILENO;
  const int out = tty >= 0 ? tty : STDERR_FILENO;
  (void)!::write(out, prompt.data(), prompt.size());
  termios saved{};
  const bool is_tty = ::tcgetattr(in, &saved) == 0;
  if (is_tty) {
    termios quiet = saved;
    quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
    ::tcsetattr(in, TCSAFLUSH, &quiet);
  }
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
