// Terminal and stdin helpers shared by the shell, confirmations and `fg`: an unbuffered line
// reader for stdin that Ctrl-C can interrupt, a password prompt without echo (like Python's
// getpass), and a scoped SIGINT catcher.
#pragma once

#include <csignal>
#include <optional>
#include <string>

namespace sup::ctl {

bool stdin_is_terminal();

enum class InputWait { kReadable, kInterrupted, kError };

// Blocks until `fd` is readable or Ctrl-C has been caught (g_interrupted set, left as is),
// with no window where a SIGINT arriving just before the wait is missed. kError: poll failed.
InputWait wait_for_input(int fd);

struct StdinLine {
  enum class Outcome { kLine, kEof, kInterrupted };
  Outcome outcome = Outcome::kEof;
  std::string text;  // without the newline
};

// One line from stdin through read(2), so it never reads ahead of what the line editor or a
// child process sees. A partial last line counts as a line.
StdinLine read_stdin_line();

// Reads a line from /dev/tty (or stdin when there is none) with echo off; the prompt goes to
// the terminal. nullopt at EOF or Ctrl-C.
std::optional<std::string> read_password(const std::string& prompt);

// While alive, SIGINT sets g_interrupted (declared in session.h) instead of killing us, and
// interrupts blocking system calls (no SA_RESTART). Restores the previous action on exit.
class SigintCatcher final {
 public:
  SigintCatcher();
  ~SigintCatcher();
  SigintCatcher(const SigintCatcher&) = delete;
  SigintCatcher& operator=(const SigintCatcher&) = delete;

 private:
  struct sigaction previous_ {};
};

}  // namespace sup::ctl
