#include "tests/support/raw_http.h"

#include <cstdlib>

#include "tests/support/sockets.h"

namespace sup::test {

int RawResponse::status() const {
  const std::size_t sp = status_line.find(' ');
  return sp == std::string::npos ? 0 : std::atoi(status_line.c_str() + sp + 1);
}

bool RawResponse::has_header(const std::string& line) const {
  return head.find("\r\n" + line + "\r\n") != std::string::npos;
}

RawResponse read_response(int fd, std::string& pending, std::chrono::milliseconds timeout, bool with_body) {
  RawResponse r;
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  auto fill = [&] {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) return false;
    const std::string more = recv_for(fd, left, 1);
    if (more.empty()) return false;
    pending += more;
    return true;
  };
  std::size_t end;
  while ((end = pending.find("\r\n\r\n")) == std::string::npos) {
    if (!fill()) return r;
  }
  r.head = pending.substr(0, end + 2);
  r.status_line = r.head.substr(0, r.head.find("\r\n"));
  pending.erase(0, end + 4);
  std::size_t length = 0;
  const std::size_t cl = r.head.find("\r\nContent-Length: ");
  if (cl != std::string::npos && with_body) length = std::strtoul(r.head.c_str() + cl + 18, nullptr, 10);
  while (pending.size() < length) {
    if (!fill()) return r;
  }
  r.body = pending.substr(0, length);
  pending.erase(0, length);
  r.complete = true;
  return r;
}

}  // namespace sup::test
