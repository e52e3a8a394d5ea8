#include "supervisord/daemon/startup.h"

#include <dirent.h>
#include <fcntl.h>
#include <grp.h>
#include <pwd.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <regex>

#include <fmt/format.h>

#include "common/log_file.h"
#include "common/pyrepr.h"

namespace sup {

namespace {

std::string regex_escape(const std::string& text) {
  std::string out;
  for (char c : text) {
    if (std::strchr("\\^$.|?*+()[]{}-/", c)) out += '\\';
    out += c;
  }
  return out;
}

}  // namespace

void StartupMessages::log_to(MainLog& log) const {
  for (const auto& m : criticals) log.critical(m);
  for (const auto& m : warnings) log.warn(m);
  for (const auto& m : infos) log.info(m);
}

std::string drop_privileges(const SupervisordConfig& config, StartupMessages& messages) {
  if (!config.uid) {
    if (::getuid() == 0) {
      messages.criticals.push_back(
          "Supervisor is running as root.  Privileges were not dropped because no user is specified in the config "
          "file.  If you intend to run as root, you can set user=root in the config file to avoid this message.");
    }
    return {};
  }
  uid_t uid = *config.uid;
  if (uid != ::getuid()) {
    if (::getuid() != 0) return "Can't drop privilege as nonroot user";
    struct passwd* pw = ::getpwuid(uid);
    if (!pw) return fmt::format("Can't find uid {}", uid);
    gid_t gid = pw->pw_gid;
    if (::initgroups(pw->pw_name, gid) != 0) return "Could not set groups of effective user";
    if (::setgid(gid) != 0) return "Could not set group id of effective user";
    if (::setuid(uid) != 0) return "Could not set user id of effective user";
  }
  messages.infos.push_back(fmt::format("Set uid to user {} succeeded", uid));
  return {};
}

std::string raise_rlimits(const SupervisordConfig& config, StartupMessages& messages) {
  struct Limit {
    int resource;
    long minimum;
    const char* name;
    const char* error;
  };
  const Limit limits[] = {
      {RLIMIT_NOFILE, config.minfds, "RLIMIT_NOFILE",
       "The minimum number of file descriptors required to run this process is {min} as per the \"minfds\" "
       "command-line argument or config file setting. The current environment will only allow you to open {hard} "
       "file descriptors.  Either raise the number of usable file descriptors in your environment (see README.rst) "
       "or lower the minfds setting in the config file to allow the process to start."},
      {RLIMIT_NPROC, config.minprocs, "RLIMIT_NPROC",
       "The minimum number of available processes required to run this program is {min} as per the \"minprocs\" "
       "command-line argument or config file setting. The current environment will only allow you to open {hard} "
       "processes.  Either raise the number of usable processes in your environment (see README.rst) or lower the "
       "minprocs setting in the config file to allow the program to start."},
  };
  for (const Limit& limit : limits) {
    struct rlimit rl {};
    if (::getrlimit(limit.resource, &rl) != 0) continue;
    auto minimum = static_cast<rlim_t>(limit.minimum);
    if (rl.rlim_cur == RLIM_INFINITY || rl.rlim_cur >= minimum) continue;
    rlim_t hard = rl.rlim_max;
    // Quirk kept: when the hard limit is too low the message shows the requested minimum.
    if (hard != RLIM_INFINITY && hard < minimum) hard = minimum;
    struct rlimit wanted {minimum, hard};
    if (::setrlimit(limit.resource, &wanted) != 0) {
      return fmt::format(fmt::runtime(limit.error), fmt::arg("min", limit.minimum),
                         fmt::arg("hard", static_cast<unsigned long long>(hard)));
    }
    messages.infos.push_back(fmt::format("Increased {} limit to {}", limit.name, limit.minimum));
  }
  return {};
}

void clear_auto_child_logs(const SupervisordConfig& config, MainLog& log) {
  // Deliberate deviation (logging.md §3.5): the identifier is escaped, so a regex
  // metacharacter in it can neither crash the daemon nor widen the match.
  std::regex pattern(".+?---" + regex_escape(config.identifier) + "-\\S+\\.log\\.?\\d{0,4}");
  DIR* dir = ::opendir(config.childlogdir.c_str());
  if (!dir) {
    log.warn("Could not clear childlog dir");
    return;
  }
  std::vector<std::string> names;
  while (struct dirent* entry = ::readdir(dir)) {
    std::string name = entry->d_name;
    if (name == "." || name == "..") continue;
    if (std::regex_search(name, pattern, std::regex_constants::match_continuous)) names.push_back(name);
  }
  ::closedir(dir);
  for (const std::string& name : names) {
    std::string path = config.childlogdir;
    if (path.empty() || path.back() != '/') path += '/';
    path += name;
    if (::unlink(path.c_str()) != 0) log.warn("Failed to clean up " + py_repr(path));
  }
}

void daemonize(const SupervisordConfig& config, MainLog& log) {
  pid_t pid = ::fork();
  if (pid < 0) {
    log.critical(fmt::format("could not fork: {}", std::strerror(errno)));
    return;
  }
  if (pid > 0) {
    log.blather("supervisord forked; parent exiting");
    ::_exit(0);
  }
  log.info("daemonizing the supervisord process");
  if (config.directory) {
    if (::chdir(config.directory->c_str()) != 0) {
      int err = errno;
      log.critical(fmt::format("can't chdir into {}: [Errno {}] {}", py_repr(*config.directory), err,
                               std::strerror(err)));
    } else {
      log.info("set current directory: " + py_repr(*config.directory));
    }
  }
  int null_fd = ::open("/dev/null", O_RDWR | O_CLOEXEC);
  if (null_fd >= 0) {
    for (int fd = 0; fd < 3; ++fd) ::dup2(null_fd, fd);
    if (null_fd > 2) ::close(null_fd);
  }
  ::setsid();
  ::umask(config.umask);
}

bool write_pidfile(const std::string& path, MainLog& log) {
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);
  bool ok = fd >= 0 && !write_all(fd, std::to_string(::getpid()) + "\n");
  if (fd >= 0) ::close(fd);
  if (!ok) {
    log.critical("could not write pidfile " + path);
    return false;
  }
  log.info(fmt::format("supervisord started with pid {}", ::getpid()));
  return true;
}

}  // namespace sup
