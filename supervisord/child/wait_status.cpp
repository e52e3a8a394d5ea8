#include "supervisord/child/wait_status.h"

#include <sys/wait.h>

#include <fmt/format.h>

#include "common/signals.h"

namespace sup {

std::string signal_log_name(int sig) {
  // Python's signal module dict ends with SIGPOLL for 29, so signame() prints that.
  if (sig == 29) return "SIGPOLL";
  if (auto name = signal_name(sig)) return "SIG" + *name;
  return fmt::format("signal {}", sig);
}

WaitStatus decode_wait_status(int status) {
  WaitStatus out;
  if (WIFEXITED(status)) {
    out.exitstatus = WEXITSTATUS(status);
    out.text = fmt::format("exit status {}", out.exitstatus);
  } else if (WIFSIGNALED(status)) {
    out.exitstatus = -1;
    out.text = "terminated by " + signal_log_name(WTERMSIG(status));
    if (WCOREDUMP(status)) out.text += " (core dumped)";
  } else {
    out.exitstatus = -1;
    out.text = fmt::format("unknown termination cause 0x{:04x}", status);
  }
  return out;
}

}  // namespace sup
