// Helpers for the xmlrpc tests: scratch directories, free ports, child processes that are
// always stopped by pid, and polling with deadlines.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <functional>
#include <string>
#include <vector>

#include "tests/support/files.h"
#include "tests/support/ports.h"
#include "tests/support/temp_dir.h"

namespace sup::test {

// A child started with execv; SIGTERM then SIGKILL on destruction if still running.
class Child {
 public:
  // `output`: file that receives the child's stdout and stderr ("" = inherit ours).
  explicit Child(const std::vector<std::string>& argv, const std::string& output = "");
  ~Child();
  Child(const Child&) = delete;
  Child& operator=(const Child&) = delete;
  pid_t pid() const { return pid_; }
  // Sends SIGTERM, waits up to `grace`, then SIGKILLs; returns the wait status.
  int stop(std::chrono::milliseconds grace = std::chrono::milliseconds(5000));

 private:
  pid_t pid_ = -1;
};

// Polls `condition` every 20 ms until it holds or `timeout` passes; returns its last result.
bool wait_until(const std::function<bool()>& condition,
                std::chrono::milliseconds timeout = std::chrono::milliseconds(10000));

// Connects to a unix socket / 127.0.0.1 port; returns the fd or -1.
int connect_unix(const std::string& path);
// `source`: the local address to connect from (any of 127.0.0.0/8, to play another host).
int connect_tcp(int port, const char* source = nullptr);
// Writes all of `data`; false on error.
bool send_all(int fd, const std::string& data);
// Reads until EOF, `stop_after` bytes, or `timeout` (whichever first).
std::string recv_for(int fd, std::chrono::milliseconds timeout, std::size_t stop_after = static_cast<std::size_t>(-1));
// True when the peer has closed `fd` (read returns 0) within `timeout`; data read is discarded.
bool wait_closed(int fd, std::chrono::milliseconds timeout);

}  // namespace sup::test

namespace sup::test {

// One HTTP response read off a raw socket (tests only; bodies by Content-Length).
struct RawResponse {
  bool complete = false;
  std::string status_line;  // "HTTP/1.1 200 OK"
  std::string head;         // everything before the blank line, CRLFs included
  std::string body;
  int status() const;
  bool has_header(const std::string& line) const;  // e.g. "Connection: close"
};

// Reads one response from `fd`; `pending` carries bytes already read past a previous response.
// `with_body` false: a HEAD response, whose Content-Length announces bytes that never come.
RawResponse read_response(int fd, std::string& pending, std::chrono::milliseconds timeout = std::chrono::seconds(10),
                          bool with_body = true);

}  // namespace sup::test
