// The two serverurl forms Supervisor's client understands (supervisor/xmlrpc.py,
// SupervisorTransport): "unix://<path>" and "http://host[:port][/ignored]".
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace xmlrpc {

struct ServerUrl {
  enum class Kind { kUnix, kInet };
  Kind kind = Kind::kUnix;
  std::string path;  // kUnix: socket path, everything after "unix://"
  std::string host;  // kInet: lower-cased, without IPv6 brackets
  int port = 80;     // kInet: 80 when not given, as Python's urlparse-based client does
  // Value of the Host header Python's http.client sends ("localhost" for unix sockets).
  std::string host_header() const;
};

// nullopt for any other scheme or an unparseable host/port.
std::optional<ServerUrl> parse_server_url(std::string_view url);

}  // namespace xmlrpc
