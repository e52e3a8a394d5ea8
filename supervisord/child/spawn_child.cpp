#include "supervisord/child/spawn_child.h"

#include <fcntl.h>
#include <grp.h>
#include <pwd.h>
#include <sched.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "common/errno_name.h"

namespace sup {

namespace {

// What the child does, fully precomputed.
struct ChildPlan {
  const char* path;
  std::vector<char*> argv;
  std::vector<char*> envp;
  const char* directory = nullptr;
  bool set_umask = false;
  mode_t umask = 0;
  bool switch_user = false;
  uid_t uid = 0;
  gid_t gid = 0;
  std::vector<gid_t> groups;
  std::string setuid_error;  // set: the switch cannot work, report it from the child
  std::string uid_text;
  int fds[3];
  const std::vector<ResourceLimit>* rlimits = nullptr;
  int cgroup_procs_fd = -1;
};

void put(const char* text) {
  size_t len = std::strlen(text);
  while (len > 0) {
    ssize_t n = ::write(2, text, len);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return;
    text += n;
    len -= static_cast<size_t>(n);
  }
}

void close_other_fds() {
#ifdef SYS_close_range
  if (::syscall(SYS_close_range, 3U, ~0U, 0U) == 0) return;
#endif
  long max = ::sysconf(_SC_OPEN_MAX);
  if (max < 0 || max > 65536) max = 65536;
  for (int fd = 3; fd < max; ++fd) ::close(fd);
}

// Runs in the child, which may share the daemon's memory until execve (CLONE_VM|CLONE_VFORK):
// async-signal-safe calls only, nothing written but the child's own stack and errno. The
// credential switch uses raw syscalls: glibc's wrappers would try to broadcast it to the
// daemon's threads, whose bookkeeping this child sees.
// "supervisor: couldn't <what>: <ENAME>" and the not-spawned line, then exit 127.
[[noreturn]] void child_failed(const char* what, const char* detail) {
  put("supervisor: couldn't ");
  put(what);
  put(": ");
  put(detail);
  put("\n");
  put("supervisor: child process was not spawned\n");
  ::_exit(127);
}

[[noreturn]] void run_child(const ChildPlan& plan) {
  ::setpgid(0, 0);

  // Dispositions and mask as a fresh program expects them. SIGPIPE and SIGXFSZ stay ignored,
  // as children of the Python supervisord inherit them (process.md §5.3).
  struct sigaction dfl {};
  dfl.sa_handler = SIG_DFL;
  for (int sig = 1; sig < NSIG; ++sig) {
    if (sig == SIGKILL || sig == SIGSTOP) continue;
    ::sigaction(sig, &dfl, nullptr);
  }
  ::signal(SIGPIPE, SIG_IGN);
  ::signal(SIGXFSZ, SIG_IGN);
  sigset_t empty;
  sigemptyset(&empty);
  ::sigprocmask(SIG_SETMASK, &empty, nullptr);

  ::dup2(plan.fds[0], 0);
  ::dup2(plan.fds[1], 1);
  ::dup2(plan.fds[2], 2);
  // cgroup v2: writing "0" to cgroup.procs moves the writer, before it can fork anything.
  if (plan.cgroup_procs_fd >= 0 && ::write(plan.cgroup_procs_fd, "0", 1) != 1) {
    child_failed("join its cgroup", errno_name_or_unknown(errno));
  }
  close_other_fds();

  // Before the user switch: raising a hard limit needs the daemon's privileges.
  if (plan.rlimits) {
    for (const ResourceLimit& limit : *plan.rlimits) {
      rlimit value{limit.soft, limit.hard};
      if (::setrlimit(static_cast<__rlimit_resource>(limit.resource), &value) != 0) {
        child_failed(limit.key.c_str(), errno_name_or_unknown(errno));
      }
    }
  }

  if (plan.switch_user) {
    const char* why = nullptr;
    if (!plan.setuid_error.empty()) {
      why = plan.setuid_error.c_str();
    } else if (::syscall(SYS_setgroups, plan.groups.size(), plan.groups.data()) != 0) {
      why = "Could not set groups of effective user";
    } else if (::syscall(SYS_setgid, plan.gid) != 0) {
      why = "Could not set group id of effective user";
    } else if (::syscall(SYS_setuid, plan.uid) != 0) {
      why = "Could not set user id of effective user";
    }
    if (why) {
      put("supervisor: couldn't setuid to ");
      put(plan.uid_text.c_str());
      put(": ");
      put(why);
      put("\n");
      put("supervisor: child process was not spawned\n");
      ::_exit(127);
    }
  }

  if (plan.directory && ::chdir(plan.directory) != 0) {
    const char* code = errno_name_or_unknown(errno);
    put("supervisor: couldn't chdir to ");
    put(plan.directory);
    put(": ");
    put(code);
    put("\n");
    put("supervisor: child process was not spawned\n");
    ::_exit(127);
  }
  if (plan.set_umask) ::umask(plan.umask);
  ::execve(plan.path, plan.argv.data(), plan.envp.data());
  const char* code = errno_name_or_unknown(errno);
  put("supervisor: couldn't exec ");
  put(plan.argv[0]);
  put(": ");
  put(code);
  put("\n");
  put("supervisor: child process was not spawned\n");
  ::_exit(127);
}

int child_entry(void* plan) { run_child(*static_cast<const ChildPlan*>(plan)); }

}  // namespace

std::variant<pid_t, SpawnError> spawn_child(const SpawnRequest& request) {
  ChildPlan plan;
  plan.path = request.path.c_str();
  for (const std::string& arg : request.argv) plan.argv.push_back(const_cast<char*>(arg.c_str()));
  plan.argv.push_back(nullptr);
  std::vector<std::string> env_strings;
  env_strings.reserve(request.environment.size());
  for (const auto& [key, value] : request.environment) env_strings.push_back(key + "=" + value);
  for (std::string& entry : env_strings) plan.envp.push_back(entry.data());
  plan.envp.push_back(nullptr);
  if (request.directory) plan.directory = request.directory->c_str();
  if (request.umask) {
    plan.set_umask = true;
    plan.umask = *request.umask;
  }
  if (request.uid && *request.uid != ::getuid()) {
    // Resolved here because getpwuid() and group lookups are not async-signal-safe.
    plan.switch_user = true;
    plan.uid = *request.uid;
    plan.uid_text = std::to_string(*request.uid);
    if (::getuid() != 0) {
      plan.setuid_error = "Can't drop privilege as nonroot user";
    } else if (struct passwd* pw = ::getpwuid(*request.uid); pw == nullptr) {
      plan.setuid_error = "Can't find uid " + plan.uid_text;
    } else {
      plan.gid = pw->pw_gid;
      int count = 64;
      plan.groups.resize(static_cast<size_t>(count));
      if (::getgrouplist(pw->pw_name, pw->pw_gid, plan.groups.data(), &count) < 0) {
        plan.groups.resize(static_cast<size_t>(count));
        ::getgrouplist(pw->pw_name, pw->pw_gid, plan.groups.data(), &count);
      }
      plan.groups.resize(static_cast<size_t>(count));
    }
  }
  plan.fds[0] = request.stdin_fd;
  plan.fds[1] = request.stdout_fd;
  plan.fds[2] = request.stderr_fd;
  plan.rlimits = request.rlimits;
  plan.cgroup_procs_fd = request.cgroup_procs_fd;

  // The child borrows the daemon's address space until it execs, instead of a copy of its page
  // tables as fork() makes (CLONE_VM|CLONE_VFORK, what posix_spawn does; spawn_rate probe): no
  // copy to make, no copy-on-write faults afterwards, the daemon resumes once the exec is done.
  // The child runs on a stack of its own, so it cannot overwrite the daemon's frames.
  //
  // It forks instead when the child must chdir (directory=): a chdir into an unreachable
  // network file system can block for ever, and the daemon must not block with it. And under
  // AddressSanitizer, whose interceptors (sigaction, write, ...) keep process-wide bookkeeping
  // that a child sharing the daemon's memory would rewrite.
  //
  // All signals stay blocked across the fork or clone until the child has reset its
  // dispositions: a signal arriving in between would otherwise run the daemon's handler in the
  // child, and the daemon would take it as its own.
#if defined(__SANITIZE_ADDRESS__)
  const bool share_memory = false;
#else
  const bool share_memory = plan.directory == nullptr;
#endif
  sigset_t all;
  sigset_t saved;
  sigfillset(&all);
  ::pthread_sigmask(SIG_SETMASK, &all, &saved);
  pid_t pid;
  if (share_memory) {
    constexpr size_t kChildStackSize = 64 * 1024;
    static std::vector<char> child_stack(kChildStackSize);  // reused: the daemon waits for each exec
    pid = ::clone(child_entry, child_stack.data() + child_stack.size(), CLONE_VM | CLONE_VFORK | SIGCHLD, &plan);
  } else {
    pid = ::fork();
    if (pid == 0) run_child(plan);
  }
  int fork_errno = errno;
  ::pthread_sigmask(SIG_SETMASK, &saved, nullptr);
  if (pid < 0) {
    auto kind = fork_errno == EAGAIN ? SpawnError::Kind::kProcessTable : SpawnError::Kind::kFork;
    return spawn_error_from_errno(kind, fork_errno, request.program);
  }
  return pid;
}

std::vector<std::pair<std::string, std::string>> child_environment(
    const std::vector<std::pair<std::string, std::string>>& daemon_environment, const std::string& serverurl,
    const std::string& process_name, const std::string& group_name,
    const std::map<std::string, std::string>& program_environment) {
  std::vector<std::pair<std::string, std::string>> env = daemon_environment;
  auto set = [&env](const std::string& key, const std::string& value) {
    for (auto& entry : env) {
      if (entry.first == key) {
        entry.second = value;
        return;
      }
    }
    env.emplace_back(key, value);
  };
  set("SUPERVISOR_ENABLED", "1");
  if (!serverurl.empty()) set("SUPERVISOR_SERVER_URL", serverurl);
  set("SUPERVISOR_PROCESS_NAME", process_name);
  set("SUPERVISOR_GROUP_NAME", group_name);
  for (const auto& [key, value] : program_environment) set(key, value);
  return env;
}

}  // namespace sup
