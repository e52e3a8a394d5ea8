#include <dirent.h>
#include <fcntl.h>
#include <grp.h>
#include <pwd.h>
#include <sys/stat.h>
#include <sys/utsname.h>
#include <unistd.h>

#include <cerrno>
#include <vector>

#include "common/system.h"

extern char** environ;

namespace sup {

namespace {

std::optional<PasswdEntry> from_passwd(const struct passwd* pw) {
  if (!pw) return std::nullopt;
  return PasswdEntry{pw->pw_name, pw->pw_uid, pw->pw_gid, pw->pw_dir ? pw->pw_dir : ""};
}

std::optional<GroupEntry> from_group(const struct group* gr) {
  if (!gr) return std::nullopt;
  return GroupEntry{gr->gr_name, gr->gr_gid};
}

}  // namespace

std::optional<std::string> System::getenv(const std::string& name) const {
  for (const auto& [k, v] : environment()) {
    if (k == name) return v;
  }
  return std::nullopt;
}

std::vector<std::pair<std::string, std::string>> RealSystem::environment() const {
  std::vector<std::pair<std::string, std::string>> env;
  for (char** e = environ; e && *e; ++e) {
    std::string entry(*e);
    auto eq = entry.find('=');
    if (eq == std::string::npos) continue;
    env.emplace_back(entry.substr(0, eq), entry.substr(eq + 1));
  }
  return env;
}

std::string RealSystem::hostname() const {
  struct utsname u {};
  if (uname(&u) != 0) return "";
  return u.nodename;
}

uid_t RealSystem::effective_uid() const { return geteuid(); }

// getpw*/getgr* are called from the start-up thread only; the static result buffers are
// copied out before the next call.
std::optional<PasswdEntry> RealSystem::user_by_name(const std::string& name) const {
  return from_passwd(getpwnam(name.c_str()));
}

std::optional<PasswdEntry> RealSystem::user_by_uid(uid_t uid) const {
  return from_passwd(getpwuid(uid));
}

std::optional<GroupEntry> RealSystem::group_by_name(const std::string& name) const {
  return from_group(getgrnam(name.c_str()));
}

std::optional<GroupEntry> RealSystem::group_by_gid(gid_t gid) const {
  return from_group(getgrgid(gid));
}

bool RealSystem::is_directory(const std::string& path) const {
  struct stat st {};
  return !path.empty() && stat(path.c_str(), &st) == 0 && S_ISDIR(st.st_mode);
}

bool RealSystem::exists(const std::string& path) const {
  struct stat st {};
  return !path.empty() && stat(path.c_str(), &st) == 0;
}

std::vector<std::string> RealSystem::glob(const std::string& pattern) const {
  return python_glob(pattern);
}

FileRead RealSystem::read_file(const std::string& path) const {
  FileRead result;
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    result.status = errno == ENOENT ? FileRead::Status::kNotFound : FileRead::Status::kUnreadable;
    return result;
  }
  struct stat st {};
  if (fstat(fd, &st) != 0 || S_ISDIR(st.st_mode)) {
    ::close(fd);
    result.status = FileRead::Status::kUnreadable;
    return result;
  }
  char buf[65536];
  for (;;) {
    ssize_t n = ::read(fd, buf, sizeof buf);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      ::close(fd);
      result.status = FileRead::Status::kUnreadable;
      result.bytes.clear();
      return result;
    }
    if (n == 0) break;
    result.bytes.append(buf, static_cast<std::size_t>(n));
  }
  ::close(fd);
  result.status = FileRead::Status::kOk;
  return result;
}

std::string RealSystem::current_directory() const {
  std::vector<char> buf(4096);
  while (!getcwd(buf.data(), buf.size())) {
    if (errno != ERANGE) return "/";
    buf.resize(buf.size() * 2);
  }
  return buf.data();
}

}  // namespace sup
