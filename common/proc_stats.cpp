#include "common/proc_stats.h"

#include <dirent.h>
#include <unistd.h>

#include <charconv>
#include <fstream>
#include <sstream>
#include <vector>

namespace sup {

namespace {

std::optional<std::string> read_text(const std::string& path) {
  std::ifstream in(path);
  if (!in) return std::nullopt;
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

template <typename T>
bool to_number(std::string_view s, T& out) {
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
  return ec == std::errc() && end == s.data() + s.size();
}

int count_fds(const std::string& dir) {
  DIR* d = ::opendir(dir.c_str());
  if (d == nullptr) return -1;
  int n = 0;
  while (struct dirent* e = ::readdir(d)) {
    if (e->d_name[0] != '.') ++n;
  }
  ::closedir(d);
  return n;
}

// "Max open files  1024  4096  files" in /proc/<pid>/limits.
std::int64_t soft_fd_limit(const std::string& path) {
  auto text = read_text(path);
  if (!text) return -1;
  std::istringstream lines(*text);
  std::string line;
  while (std::getline(lines, line)) {
    if (line.rfind("Max open files", 0) != 0) continue;
    std::istringstream words(line.substr(14));
    std::string soft;
    words >> soft;
    std::int64_t n = -1;
    return to_number(std::string_view(soft), n) ? n : -1;
  }
  return -1;
}

// Boot time (epoch seconds) from the "btime" line of /proc/stat.
std::int64_t boot_time(const std::string& root) {
  auto text = read_text(root + "/stat");
  if (!text) return 0;
  auto at = text->find("\nbtime ");
  if (at == std::string::npos) return 0;
  std::int64_t n = 0;
  std::string_view rest = std::string_view(*text).substr(at + 7);
  rest = rest.substr(0, rest.find('\n'));
  return to_number(rest, n) ? n : 0;
}

}  // namespace

std::optional<ProcStatFields> parse_proc_stat(std::string_view text) {
  std::size_t close = text.rfind(')');
  if (close == std::string_view::npos) return std::nullopt;
  std::vector<std::string_view> fields;  // fields[0] is field 3 (state)
  std::string_view rest = text.substr(close + 1);
  while (!rest.empty()) {
    std::size_t start = rest.find_first_not_of(" \n");
    if (start == std::string_view::npos) break;
    rest.remove_prefix(start);
    std::size_t end = rest.find_first_of(" \n");
    fields.push_back(rest.substr(0, end));
    if (end == std::string_view::npos) break;
    rest.remove_prefix(end);
  }
  auto field = [&fields](int n) { return fields[static_cast<std::size_t>(n - 3)]; };
  if (fields.size() < 22) return std::nullopt;
  ProcStatFields out;
  bool ok = to_number(field(14), out.utime) && to_number(field(15), out.stime) && to_number(field(16), out.cutime) &&
            to_number(field(17), out.cstime) && to_number(field(20), out.threads) &&
            to_number(field(22), out.starttime) && to_number(field(23), out.vsize) &&
            to_number(field(24), out.rss_pages);
  if (!ok) return std::nullopt;
  return out;
}

std::optional<ProcSample> sample_process(pid_t pid, const std::string& proc_root) {
  std::string dir = proc_root + "/" + std::to_string(pid);
  auto text = read_text(dir + "/stat");
  if (!text) return std::nullopt;
  auto fields = parse_proc_stat(*text);
  if (!fields) return std::nullopt;
  static const double kTicks = static_cast<double>(::sysconf(_SC_CLK_TCK));
  static const std::int64_t kPage = ::sysconf(_SC_PAGESIZE);
  ProcSample s;
  s.cpu_seconds = static_cast<double>(fields->utime + fields->stime) / kTicks;
  s.children_cpu_seconds = static_cast<double>(fields->cutime + fields->cstime) / kTicks;
  s.rss_bytes = fields->rss_pages * kPage;
  s.vsize_bytes = static_cast<std::int64_t>(fields->vsize);
  s.threads = static_cast<int>(fields->threads);
  s.open_fds = count_fds(dir + "/fd");
  s.max_fds = soft_fd_limit(dir + "/limits");
  if (std::int64_t boot = boot_time(proc_root)) {
    s.start_time_seconds = static_cast<double>(boot) + static_cast<double>(fields->starttime) / kTicks;
  }
  return s;
}

}  // namespace sup
