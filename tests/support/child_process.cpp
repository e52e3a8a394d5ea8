#include "tests/support/child_process.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <stdexcept>

#include "tests/support/files.h"
#include "tests/support/poll.h"
#include "tests/support/temp_dir.h"

extern char** environ;

namespace sup::test {
namespace {

// The executable argv[0] names, searched in PATH as execvp would, but before fork(): the
// child runs only async-signal-safe calls.
std::string resolve_program(const std::string& name) {
  if (name.find('/') != std::string::npos) return name;
  const char* path = std::getenv("PATH");
  std::string dirs = path != nullptr ? path : "/usr/bin:/bin";
  for (std::size_t start = 0; start <= dirs.size();) {
    std::size_t end = dirs.find(':', start);
    if (end == std::string::npos) end = dirs.size();
    std::string candidate = (end == start ? "." : dirs.substr(start, end - start)) + "/" + name;
    struct stat st {};
    if (::stat(candidate.c_str(), &st) == 0 && S_ISREG(st.st_mode) && ::access(candidate.c_str(), X_OK) == 0) {
      return candidate;
    }
    start = end + 1;
  }
  throw std::runtime_error("program not found in PATH: " + name);
}

std::vector<std::string> child_environment(const std::vector<std::string>& extra) {
  std::vector<std::string> out;
  for (char** e = environ; *e != nullptr; ++e) {
    std::string entry = *e;
    const std::string name = entry.substr(0, entry.find('=') + 1);
    bool replaced = false;
    for (const auto& x : extra) replaced = replaced || x.compare(0, name.size(), name) == 0;
    if (!replaced) out.push_back(std::move(entry));
  }
  out.insert(out.end(), extra.begin(), extra.end());
  return out;
}

std::vector<char*> pointers(std::vector<std::string>& strings) {
  std::vector<char*> out;
  for (auto& s : strings) out.push_back(s.data());
  out.push_back(nullptr);
  return out;
}

int decode(int wait_status) {
  if (WIFEXITED(wait_status)) return WEXITSTATUS(wait_status);
  if (WIFSIGNALED(wait_status)) return 128 + WTERMSIG(wait_status);
  return -1;
}

}  // namespace

ChildProcess::ChildProcess(const ChildSpec& spec) : own_group_(spec.own_group) {
  if (spec.argv.empty()) throw std::runtime_error("ChildProcess: empty argv");
  const std::string program = resolve_program(spec.argv[0]);
  std::vector<std::string> args = spec.argv;
  std::vector<std::string> env = child_environment(spec.extra_env);
  std::vector<char*> argv = pointers(args);
  std::vector<char*> envp = pointers(env);
  const std::string output = spec.output.empty() ? "/dev/null" : spec.output;
  const int out_fd = ::open(output.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (out_fd < 0) throw std::runtime_error("cannot open " + output + ": " + std::strerror(errno));
  const int in_fd = ::open("/dev/null", O_RDONLY | O_CLOEXEC);
  const char* cwd = spec.cwd.empty() ? nullptr : spec.cwd.c_str();

  // Signals stay blocked until the child has dropped the test framework's handlers, so a
  // signal sent right after fork() cannot run them in the child's copy of the test.
  sigset_t all, old;
  sigfillset(&all);
  ::sigprocmask(SIG_SETMASK, &all, &old);
  pid_ = ::fork();
  if (pid_ == 0) {
    for (int sig = 1; sig < NSIG; ++sig) ::signal(sig, SIG_DFL);
    sigset_t none;
    sigemptyset(&none);
    ::sigprocmask(SIG_SETMASK, &none, nullptr);
    if (spec.own_group) ::setpgid(0, 0);
    if (in_fd >= 0) ::dup2(in_fd, 0);
    ::dup2(out_fd, 1);
    ::dup2(out_fd, 2);
    if (cwd != nullptr && ::chdir(cwd) != 0) ::_exit(127);
    ::execve(program.c_str(), argv.data(), envp.data());
    ::_exit(127);
  }
  const int fork_errno = errno;
  // Also from here, so that the group exists before anyone signals it.
  if (pid_ > 0 && spec.own_group) ::setpgid(pid_, pid_);
  ::sigprocmask(SIG_SETMASK, &old, nullptr);
  ::close(out_fd);
  if (in_fd >= 0) ::close(in_fd);
  if (pid_ < 0) throw std::runtime_error(std::string("fork: ") + std::strerror(fork_errno));
}

ChildProcess::~ChildProcess() { stop(10s); }

bool ChildProcess::exited() {
  if (status_) return true;
  if (pid_ <= 0) return false;
  siginfo_t info{};
  // WNOWAIT: look without reaping, so the group can be cleared while its id is still held.
  if (::waitid(P_PID, static_cast<id_t>(pid_), &info, WEXITED | WNOHANG | WNOWAIT) != 0 || info.si_pid == 0) {
    return false;
  }
  if (own_group_) ::kill(-pid_, SIGKILL);
  int wait_status = 0;
  while (::waitpid(pid_, &wait_status, 0) < 0 && errno == EINTR) {
  }
  status_ = decode(wait_status);
  return true;
}

std::optional<int> ChildProcess::wait_exit(std::chrono::milliseconds timeout) {
  wait_until([this] { return exited(); }, timeout);
  return status_;
}

void ChildProcess::signal(int sig) const {
  if (pid_ > 0 && !status_) ::kill(pid_, sig);
}

int ChildProcess::stop(std::chrono::milliseconds grace) {
  if (exited()) return *status_;
  if (pid_ <= 0) return -1;
  ::kill(pid_, SIGTERM);
  if (wait_exit(grace)) return *status_;
  ::kill(pid_, SIGKILL);
  wait_exit(10s);  // SIGKILL cannot be ignored; this only waits for the kernel
  return -1;
}

CommandResult run_command(const std::vector<std::string>& argv, std::chrono::milliseconds timeout,
                          const std::vector<std::string>& extra_env) {
  TempDir scratch;
  const std::string output = scratch.file("output");
  CommandResult result;
  {
    ChildSpec spec;
    spec.argv = argv;
    spec.extra_env = extra_env;
    spec.output = output;
    ChildProcess child(spec);
    if (auto status = child.wait_exit(timeout)) {
      result.status = *status;
    } else {
      child.stop(0ms);
      result.output = "[timed out]\n";
    }
  }
  result.output += read_file(output);
  return result;
}

bool pid_alive(pid_t pid) {
  if (pid <= 0) return false;
  const std::string stat = read_file("/proc/" + std::to_string(pid) + "/stat");
  const std::size_t paren = stat.rfind(')');
  return paren != std::string::npos && paren + 2 < stat.size() && stat[paren + 2] != 'Z';
}

}  // namespace sup::test
