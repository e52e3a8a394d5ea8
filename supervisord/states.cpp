#include "supervisord/states.h"

#include <sys/wait.h>

#include <cerrno>

#include <fmt/format.h>

#include "common/signals.h"

namespace sup {

std::string_view process_state_name(ProcessState state) {
  switch (state) {
    case ProcessState::kStopped: return "STOPPED";
    case ProcessState::kStarting: return "STARTING";
    case ProcessState::kRunning: return "RUNNING";
    case ProcessState::kBackoff: return "BACKOFF";
    case ProcessState::kStopping: return "STOPPING";
    case ProcessState::kExited: return "EXITED";
    case ProcessState::kFatal: return "FATAL";
    case ProcessState::kUnknown: return "UNKNOWN";
  }
  return "UNKNOWN";
}

std::string_view supervisor_state_name(SupervisorState state) {
  switch (state) {
    case SupervisorState::kFatal: return "FATAL";
    case SupervisorState::kRunning: return "RUNNING";
    case SupervisorState::kRestarting: return "RESTARTING";
    case SupervisorState::kShutdown: return "SHUTDOWN";
  }
  return "FATAL";
}

bool is_running_state(ProcessState s) {
  return s == ProcessState::kStarting || s == ProcessState::kRunning || s == ProcessState::kBackoff;
}

bool is_stopped_state(ProcessState s) {
  return s == ProcessState::kStopped || s == ProcessState::kExited || s == ProcessState::kFatal ||
         s == ProcessState::kUnknown;
}

bool is_signallable_state(ProcessState s) {
  return s == ProcessState::kStarting || s == ProcessState::kRunning || s == ProcessState::kStopping;
}

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

const char* errno_name(int err) {
  switch (err) {
    case EPERM: return "EPERM";
    case ENOENT: return "ENOENT";
    case ESRCH: return "ESRCH";
    case EINTR: return "EINTR";
    case EIO: return "EIO";
    case ENXIO: return "ENXIO";
    case E2BIG: return "E2BIG";
    case ENOEXEC: return "ENOEXEC";
    case EBADF: return "EBADF";
    case ECHILD: return "ECHILD";
    case EAGAIN: return "EAGAIN";
    case ENOMEM: return "ENOMEM";
    case EACCES: return "EACCES";
    case EFAULT: return "EFAULT";
    case EBUSY: return "EBUSY";
    case EEXIST: return "EEXIST";
    case EXDEV: return "EXDEV";
    case ENODEV: return "ENODEV";
    case ENOTDIR: return "ENOTDIR";
    case EISDIR: return "EISDIR";
    case EINVAL: return "EINVAL";
    case ENFILE: return "ENFILE";
    case EMFILE: return "EMFILE";
    case ETXTBSY: return "ETXTBSY";
    case EFBIG: return "EFBIG";
    case ENOSPC: return "ENOSPC";
    case ESPIPE: return "ESPIPE";
    case EROFS: return "EROFS";
    case EMLINK: return "EMLINK";
    case EPIPE: return "EPIPE";
    case ENAMETOOLONG: return "ENAMETOOLONG";
    case ELOOP: return "ELOOP";
    case ELIBBAD: return "ELIBBAD";
    case EDQUOT: return "EDQUOT";
    default: return "EUNKNOWN";
  }
}

}  // namespace sup
