// Where a tcp:// or http:// health check connects, taken apart from the configured text
// (common/config_lifecycle.h keeps it as written). Pure functions; an error is a sentence
// for the main log, and a check whose target cannot be parsed fails every probe with it.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <variant>

namespace sup {

struct ProbeTarget {
  std::string host;  // a name or an address, IPv6 without its brackets
  std::uint16_t port = 0;
  std::string path;       // http: the request target ("/healthz?x=1"), "/" when none is written
  std::string authority;  // http: the Host header, as written ("127.0.0.1:8000")
};

// "host:port" or "[v6]:port" (what follows tcp://).
std::variant<ProbeTarget, std::string> parse_tcp_target(std::string_view host_port);
// "http://host[:port][/path][?query]"; port 80 by default. No user info, no https.
std::variant<ProbeTarget, std::string> parse_http_target(std::string_view url);

}  // namespace sup
