// Raw client sockets for tests that speak to a server byte by byte: connect to a unix socket
// or a loopback port, write everything, read with a deadline, notice the peer closing.
// Every read and wait has a deadline; nothing here blocks without one.
//
// Lifetime: the fds returned are the caller's to close.
#pragma once

#include <chrono>
#include <cstddef>
#include <string>

namespace sup::test {

// A connected, close-on-exec stream socket; -1 when the connection fails.
int connect_unix(const std::string& path);
// To 127.0.0.1; `source`: the local address to connect from (any of 127.0.0.0/8, to play
// another host).
int connect_tcp(int port, const char* source = nullptr);
// Writes all of `data` (no SIGPIPE); false on error.
bool send_all(int fd, const std::string& data);
// Reads until EOF, `stop_after` bytes, or `timeout` (whichever comes first).
std::string recv_for(int fd, std::chrono::milliseconds timeout, std::size_t stop_after = static_cast<std::size_t>(-1));
// True when the peer closes `fd` (EOF or reset) within `timeout`; data read meanwhile is dropped.
bool wait_closed(int fd, std::chrono::milliseconds timeout);

}  // namespace sup::test
