#include "tests/daemon/harness.h"

#include <dirent.h>
#include <fcntl.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>

#include <fmt/format.h>

extern char** environ;

namespace sup::test {

bool file_exists(const std::string& path) {
  struct stat st {};
  return ::stat(path.c_str(), &st) == 0;
}

std::int64_t file_size(const std::string& path) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) return -1;
  return st.st_size;
}

std::vector<std::string> split_lines(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  std::string line;
  while (std::getline(in, line)) out.push_back(line);
  return out;
}

std::vector<std::string> list_dir(const std::string& path) {
  std::vector<std::string> out;
  if (DIR* d = ::opendir(path.c_str())) {
    while (struct dirent* e = ::readdir(d)) {
      std::string name = e->d_name;
      if (name != "." && name != "..") out.push_back(name);
    }
    ::closedir(d);
  }
  std::sort(out.begin(), out.end());
  return out;
}

bool pid_alive(pid_t pid) {
  if (pid <= 0) return false;
  // A zombie counts as dead.
  std::string stat = read_file(fmt::format("/proc/{}/stat", pid));
  if (stat.empty()) return false;
  size_t paren = stat.rfind(')');
  return paren != std::string::npos && paren + 2 < stat.size() && stat[paren + 2] != 'Z';
}

std::string our_supervisord() {
  const char* path = std::getenv("SUP_SUPERVISORD");
  if (!path) throw std::runtime_error("SUP_SUPERVISORD is not set (run the tests through ctest)");
  return path;
}

std::string supervisord_section(const TempDir& dir, const std::string& loglevel) {
  return fmt::format(
      "[supervisord]\nlogfile={0}/sd.log\npidfile={0}/sd.pid\nchildlogdir={0}\nloglevel={1}\nnodaemon=true\n"
      "identifier=t{2}\n\n",
      dir.path(), loglevel, ::getpid());
}

Daemon::Daemon(const TempDir& dir, const std::string& config_text, std::string binary,
               std::vector<std::string> extra_env) {
  config_path_ = dir.file("supervisord.conf");
  log_path_ = dir.file("sd.log");
  write_file(config_path_, config_text);
  std::string out_path = dir.file("daemon.out");
  std::vector<std::string> env_strings;
  for (char** e = environ; *e; ++e) env_strings.emplace_back(*e);
  for (auto& e : extra_env) env_strings.push_back(e);
  // Signals stay blocked until the child has dropped the test framework's handlers, so a
  // signal sent right after fork() cannot run them in the child's copy of the test.
  sigset_t all, old;
  sigfillset(&all);
  ::sigprocmask(SIG_SETMASK, &all, &old);
  pid_ = ::fork();
  if (pid_ != 0) ::sigprocmask(SIG_SETMASK, &old, nullptr);
  if (pid_ < 0) throw std::runtime_error("fork failed");
  if (pid_ == 0) {
    for (int sig = 1; sig < NSIG; ++sig) ::signal(sig, SIG_DFL);
    sigset_t none;
    sigemptyset(&none);
    ::sigprocmask(SIG_SETMASK, &none, nullptr);
    int fd = ::open(out_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    ::dup2(fd, 1);
    ::dup2(fd, 2);
    ::chdir(dir.path().c_str());
    std::vector<char*> argv{binary.data(), const_cast<char*>("-n"), const_cast<char*>("-c"), config_path_.data(),
                            nullptr};
    std::vector<char*> envp;
    for (auto& e : env_strings) envp.push_back(e.data());
    envp.push_back(nullptr);
    ::execve(binary.c_str(), argv.data(), envp.data());
    ::_exit(127);
  }
}

Daemon::~Daemon() {
  if (pid_ > 0) {
    stop(10s);
    if (pid_ > 0) {
      ::kill(pid_, SIGKILL);
      ::waitpid(pid_, nullptr, 0);
    }
  }
  // Whatever a failed test left behind: every child the daemon spawned, with its process
  // group, if it is still alive and still a supervised child (not a reused pid).
  std::string text = log();
  const std::string marker = "' with pid ";
  for (size_t at = text.find(marker); at != std::string::npos; at = text.find(marker, at + 1)) {
    pid_t child = std::atoi(text.c_str() + at + marker.size());
    if (child <= 0 || !pid_alive(child)) continue;
    std::string env = read_file(fmt::format("/proc/{}/environ", child));
    if (env.find(std::string("SUPERVISOR_ENABLED=1\0", 21)) == std::string::npos) continue;
    ::kill(-child, SIGKILL);
    ::kill(child, SIGKILL);
  }
}

std::string Daemon::log() const { return read_file(log_path_); }

std::vector<std::string> Daemon::log_lines() const { return split_lines(log()); }

std::vector<std::string> Daemon::messages() const {
  std::vector<std::string> out;
  for (const std::string& line : log_lines()) {
    // "YYYY-MM-DD hh:mm:ss,mmm " is 24 characters.
    if (line.size() > 24 && line[4] == '-' && line[19] == ',') out.push_back(line.substr(24));
  }
  return out;
}

int Daemon::count(const std::string& needle) const {
  std::string text = log();
  int n = 0;
  for (size_t at = text.find(needle); at != std::string::npos; at = text.find(needle, at + needle.size())) ++n;
  return n;
}

bool Daemon::wait_for(const std::string& needle, std::chrono::milliseconds timeout, int wanted) const {
  return eventually([&] { return count(needle) >= wanted; }, timeout);
}

void Daemon::signal(int sig) const {
  if (pid_ > 0) ::kill(pid_, sig);
}

std::optional<int> Daemon::wait_exit(std::chrono::milliseconds timeout) {
  int status = 0;
  bool done = eventually(
      [&] {
        pid_t r = ::waitpid(pid_, &status, WNOHANG);
        return r == pid_;
      },
      timeout);
  if (!done) return std::nullopt;
  pid_ = -1;
  if (WIFEXITED(status)) return WEXITSTATUS(status);
  return 128 + WTERMSIG(status);
}

int Daemon::stop(std::chrono::milliseconds timeout) {
  if (pid_ <= 0) return -1;
  ::kill(pid_, SIGTERM);
  auto status = wait_exit(timeout);
  return status ? *status : -1;
}

}  // namespace sup::test

namespace sup::test {

double log_time(const std::string& line) {
  std::tm tm{};
  int ms = 0;
  if (std::sscanf(line.c_str(), "%d-%d-%d %d:%d:%d,%d", &tm.tm_year, &tm.tm_mon, &tm.tm_mday, &tm.tm_hour,
                  &tm.tm_min, &tm.tm_sec, &ms) != 7) {
    return -1;
  }
  tm.tm_year -= 1900;
  tm.tm_mon -= 1;
  tm.tm_isdst = -1;
  return static_cast<double>(std::mktime(&tm)) + ms / 1000.0;
}

std::vector<std::string> lines_with(const std::vector<std::string>& lines, const std::string& needle) {
  std::vector<std::string> out;
  for (const auto& l : lines) {
    if (l.find(needle) != std::string::npos) out.push_back(l);
  }
  return out;
}

}  // namespace sup::test
