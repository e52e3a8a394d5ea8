#include "pidproxy/pidfile.h"

#include <errno.h>
#include <fcntl.h>
#include <unistd.h>

#include <limits>

#include "common/pystr.h"

namespace sup::pidproxy {

std::optional<pid_t> read_pidfile(const std::string& path) {
  const int fd = open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
  if (fd < 0) return std::nullopt;
  // A pidfile is a line; anything longer than this is not one. One byte more than the
  // limit tells an overlong file from one that just fits.
  constexpr std::size_t kMaxBytes = 4096;
  std::string text(kMaxBytes + 1, '\0');
  std::size_t have = 0;
  bool failed = false;
  while (have < text.size()) {
    const ssize_t n = read(fd, text.data() + have, text.size() - have);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) failed = true;  // EISDIR, EAGAIN on a FIFO with no writer, ...
    if (n <= 0) break;
    have += static_cast<std::size_t>(n);
  }
  close(fd);
  if (failed || have > kMaxBytes) return std::nullopt;
  text.resize(have);
  const auto value = py_int(text);
  if (!value || *value <= 0 || *value > std::numeric_limits<pid_t>::max()) return std::nullopt;
  return static_cast<pid_t>(*value);
}

}  // namespace sup::pidproxy
