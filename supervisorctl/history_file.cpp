#include "supervisorctl/history_file.h"

#include <fcntl.h>
#include <unistd.h>

#include <fstream>

namespace sup::ctl {

std::vector<std::string> load_history(const std::string& path) {
  std::vector<std::string> entries;
  std::ifstream in(path);
  std::string line;
  while (std::getline(in, line)) {
    if (line == "_HiStOrY_V2_") continue;  // a libedit-format header, should one be there
    entries.push_back(line);
  }
  return entries;
}

void save_history(const std::string& path, const std::vector<std::string>& entries) {
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (fd < 0) return;
  std::string text;
  for (const std::string& e : entries) {
    text += e;
    text += '\n';
  }
  std::size_t done = 0;
  while (done < text.size()) {
    const ssize_t n = ::write(fd, text.data() + done, text.size() - done);
    if (n <= 0) break;
    done += static_cast<std::size_t>(n);
  }
  ::close(fd);
}

}  // namespace sup::ctl
