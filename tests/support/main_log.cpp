#include "tests/support/main_log.h"

#include <cstdio>
#include <cstdlib>
#include <ctime>

namespace sup::test {

std::vector<std::string> log_messages(const std::vector<std::string>& lines) {
  constexpr std::size_t kStampLength = 24;  // "YYYY-MM-DD hh:mm:ss,mmm "
  std::vector<std::string> out;
  for (const std::string& line : lines) {
    if (line.size() > kStampLength && line[4] == '-' && line[19] == ',') out.push_back(line.substr(kStampLength));
  }
  return out;
}

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

std::vector<SpawnedChild> spawned_children(const std::string& log_text) {
  const std::string opening = "spawned: '";
  const std::string middle = "' with pid ";
  std::vector<SpawnedChild> out;
  for (std::size_t at = log_text.find(opening); at != std::string::npos; at = log_text.find(opening, at + 1)) {
    const std::size_t name_at = at + opening.size();
    const std::size_t mid = log_text.find(middle, name_at);
    if (mid == std::string::npos || log_text.find('\n', name_at) < mid) continue;
    const pid_t pid = std::atoi(log_text.c_str() + mid + middle.size());
    if (pid > 0) out.push_back({log_text.substr(name_at, mid - name_at), pid});
  }
  return out;
}

}  // namespace sup::test
