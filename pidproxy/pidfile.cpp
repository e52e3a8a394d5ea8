#include "pidproxy/pidfile.h"

#include <fstream>
#include <iterator>
#include <limits>

#include "common/pystr.h"

namespace sup::pidproxy {

std::optional<pid_t> read_pidfile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  // A pidfile is a line; anything longer than this is not one.
  constexpr std::size_t kMaxBytes = 4096;
  std::string text;
  std::istreambuf_iterator<char> it(in), end;
  for (; it != end && text.size() <= kMaxBytes; ++it) text.push_back(*it);
  if (text.size() > kMaxBytes) return std::nullopt;
  const auto value = py_int(text);
  if (!value || *value <= 0 || *value > std::numeric_limits<pid_t>::max()) return std::nullopt;
  return static_cast<pid_t>(*value);
}

}  // namespace sup::pidproxy
