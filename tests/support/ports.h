// Network ports for tests.
#pragma once

namespace sup::test {

// A TCP port on 127.0.0.1 that was free a moment ago (bound to port 0, then released).
int free_tcp_port();

// A port on 127.0.0.1 held listening for this object's lifetime: for tests of what a daemon
// does when the port it wants is taken. port() is 0 when none could be taken.
class TakenPort final {
 public:
  TakenPort();
  ~TakenPort();
  TakenPort(const TakenPort&) = delete;
  TakenPort& operator=(const TakenPort&) = delete;
  int port() const { return port_; }

 private:
  int fd_;
  int port_ = 0;
};

}  // namespace sup::test
