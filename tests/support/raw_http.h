// HTTP responses read off a raw socket (see sockets.h), for tests that check the exact bytes
// a server sends: status line, header block, body by Content-Length.
#pragma once

#include <chrono>
#include <string>

namespace sup::test {

using namespace std::chrono_literals;

struct RawResponse {
  bool complete = false;    // head and the whole announced body arrived in time
  std::string status_line;  // "HTTP/1.1 200 OK"
  std::string head;         // everything before the blank line, CRLFs included
  std::string body;
  int status() const;                               // 0 when there is no status line
  bool has_header(const std::string& line) const;  // e.g. "Connection: close"
};

// Reads one response from `fd` within `timeout`. `pending` carries bytes read past the end of
// a previous response on the same connection, and keeps those read past this one.
// `with_body` false: a HEAD response, whose Content-Length announces bytes that never come.
RawResponse read_response(int fd, std::string& pending, std::chrono::milliseconds timeout = 10s,
                          bool with_body = true);

}  // namespace sup::test
