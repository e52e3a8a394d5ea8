#include "supervisord/child/cgroup.h"

#include <fcntl.h>
#include <linux/magic.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

#include <fmt/format.h>

namespace sup {

namespace {

std::string errno_text(int err) { return fmt::format("[Errno {}] {}", err, std::strerror(err)); }

// Writes `value` to a cgroup interface file; returns the errno, 0 on success.
int write_file(const std::string& path, const std::string& value) {
  int fd = ::open(path.c_str(), O_WRONLY | O_CLOEXEC);
  if (fd < 0) return errno;
  ssize_t n = ::write(fd, value.data(), value.size());
  int err = n == static_cast<ssize_t>(value.size()) ? 0 : (n < 0 ? errno : EIO);
  ::close(fd);
  return err;
}

std::string read_text(const std::string& path) {
  std::ifstream in(path);
  std::ostringstream text;
  text << in.rdbuf();
  std::string s = text.str();
  while (!s.empty() && (s.back() == '\n' || s.back() == ' ')) s.pop_back();
  return s;
}

bool has_word(const std::string& words, const std::string& word) {
  std::istringstream in(words);
  for (std::string w; in >> w;) {
    if (w == word) return true;
  }
  return false;
}

SpawnError cgroup_error(int err, const std::string& what) {
  return SpawnError{SpawnError::Kind::kCgroup, err, fmt::format("couldn't set up cgroup: {}: {}", what, errno_text(err))};
}

}  // namespace

std::string cgroup_path(const std::string& root, const std::string& group, const std::string& name) {
  return root + "/" + group + ":" + name;
}

std::variant<int, SpawnError> open_cgroup(const std::string& path, const CgroupLimits& limits) {
  if (::mkdir(path.c_str(), 0755) != 0 && errno != EEXIST) return cgroup_error(errno, path);
  const std::pair<const std::optional<std::string>*, const char*> files[] = {
      {&limits.memory_max, "memory.max"}, {&limits.cpu_max, "cpu.max"}, {&limits.pids_max, "pids.max"}};
  for (const auto& [value, file] : files) {
    if (!*value) continue;
    if (int err = write_file(path + "/" + file, **value)) return cgroup_error(err, path + "/" + file);
  }
  int fd = ::open((path + "/cgroup.procs").c_str(), O_WRONLY | O_CLOEXEC);
  if (fd < 0) return cgroup_error(errno, path + "/cgroup.procs");
  return fd;
}

void kill_cgroup(const std::string& path) {
  if (write_file(path + "/cgroup.kill", "1") == 0) return;
  std::ifstream procs(path + "/cgroup.procs");
  for (pid_t pid; procs >> pid;) ::kill(pid, SIGKILL);
}

std::optional<std::string> check_cgroup_root(const std::string& root, const CgroupLimits& needed) {
  struct statfs fs {};
  if (::statfs(root.c_str(), &fs) != 0) {
    return fmt::format("cgroup_root {} cannot be used: {}", root, errno_text(errno));
  }
  if (fs.f_type != CGROUP2_SUPER_MAGIC) return fmt::format("cgroup_root {} is not in a cgroup v2 file system", root);
  if (::access((root + "/cgroup.procs").c_str(), W_OK) != 0) {
    return fmt::format("cgroup_root {} is not writable (delegate it to the user supervisord runs as): {}", root,
                       errno_text(errno));
  }
  const std::pair<bool, const char*> controllers[] = {
      {needed.memory_max.has_value(), "memory"}, {needed.cpu_max.has_value(), "cpu"}, {needed.pids_max.has_value(), "pids"}};
  for (const auto& [wanted, controller] : controllers) {
    if (!wanted || has_word(read_text(root + "/cgroup.subtree_control"), controller)) continue;
    std::string available = read_text(root + "/cgroup.controllers");
    if (!has_word(available, controller)) {
      return fmt::format("cgroup_root {}: the {} controller is not available there (cgroup.controllers: {})", root,
                         controller, available.empty() ? "none" : available);
    }
    if (int err = write_file(root + "/cgroup.subtree_control", std::string("+") + controller)) {
      return fmt::format("cgroup_root {}: cannot enable the {} controller: {}", root, controller, errno_text(err));
    }
  }
  return std::nullopt;
}

}  // namespace sup
