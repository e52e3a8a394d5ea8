#include "supervisord/child/command.h"

#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>

#include "common/pyrepr.h"
#include "common/shlex.h"

namespace sup {

namespace {

constexpr const char* kDefaultPath = "/bin:/usr/bin:/usr/local/bin";

std::vector<std::string> split_path(const std::string& path) {
  std::vector<std::string> out;
  size_t start = 0;
  for (;;) {
    size_t colon = path.find(':', start);
    out.push_back(path.substr(start, colon == std::string::npos ? std::string::npos : colon - start));
    if (colon == std::string::npos) break;
    start = colon + 1;
  }
  return out;
}

// os.path.join(dir, name) for a relative name.
std::string join(const std::string& dir, const std::string& name) {
  if (dir.empty() || dir.back() == '/') return dir + name;
  return dir + "/" + name;
}

}  // namespace

std::optional<std::string> daemon_path() {
  const char* path = std::getenv("PATH");
  if (!path) return std::nullopt;
  return std::string(path);
}

std::variant<ResolvedCommand, SpawnError> resolve_command(
    const std::string& command, const std::map<std::string, std::string>& program_environment,
    const std::optional<std::string>& daemon_path) {
  using Kind = SpawnError::Kind;
  ShlexResult split = split_posix(command);
  if (split.error) {
    return SpawnError{Kind::kBadCommand, 0, "can't parse command " + py_repr(command) + ": " + *split.error};
  }
  if (split.tokens.empty()) return SpawnError{Kind::kBadCommand, 0, "command is empty"};

  const std::string& program = split.tokens.front();
  std::string filename = program;
  struct stat st {};
  bool found = false;
  if (program.find('/') != std::string::npos) {
    found = ::stat(program.c_str(), &st) == 0;
  } else {
    std::string path;
    if (auto it = program_environment.find("PATH"); it != program_environment.end()) {
      path = it->second;
    } else if (daemon_path && !daemon_path->empty()) {
      path = *daemon_path;
    } else {
      path = kDefaultPath;
    }
    // The first entry where stat() succeeds wins, even a directory (unlike a shell).
    for (const std::string& dir : split_path(path)) {
      std::string candidate = join(dir, program);
      if (::stat(candidate.c_str(), &st) == 0) {
        filename = candidate;
        found = true;
        break;
      }
    }
  }
  if (!found) return SpawnError{Kind::kNotFound, 0, "can't find command " + py_repr(filename)};
  if (S_ISDIR(st.st_mode)) {
    return SpawnError{Kind::kNotExecutable, 0, "command at " + py_repr(filename) + " is a directory"};
  }
  if ((st.st_mode & 0111) == 0) {
    return SpawnError{Kind::kNotExecutable, 0, "command at " + py_repr(filename) + " is not executable"};
  }
  if (::access(filename.c_str(), X_OK) != 0) {
    return SpawnError{Kind::kNoPermission, 0, "no permission to run command " + py_repr(filename)};
  }
  return ResolvedCommand{filename, std::move(split.tokens)};
}

}  // namespace sup
