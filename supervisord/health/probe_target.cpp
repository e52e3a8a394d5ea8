#include "supervisord/health/probe_target.h"

#include <charconv>

namespace sup {

namespace {

// Splits "host", "host:port", "[v6]" or "[v6]:port"; `port` stays as given when absent.
std::variant<ProbeTarget, std::string> split_authority(std::string_view authority, std::uint16_t default_port,
                                                       bool port_required) {
  ProbeTarget target;
  std::string_view host = authority;
  std::string_view port;
  if (!authority.empty() && authority.front() == '[') {
    std::size_t close = authority.find(']');
    if (close == std::string_view::npos) return std::string("an IPv6 address lacks its closing ]");
    host = authority.substr(1, close - 1);
    std::string_view rest = authority.substr(close + 1);
    if (!rest.empty()) {
      if (rest.front() != ':') return std::string("unexpected text after the IPv6 address");
      port = rest.substr(1);
      if (port.empty()) return std::string("the port is empty");
    }
  } else if (std::size_t colon = authority.rfind(':'); colon != std::string_view::npos) {
    host = authority.substr(0, colon);
    port = authority.substr(colon + 1);
    if (port.empty()) return std::string("the port is empty");
  }
  if (host.empty()) return std::string("no host");
  target.host = std::string(host);
  if (port.empty()) {
    if (port_required) return std::string("no port");
    target.port = default_port;
    return target;
  }
  unsigned value = 0;
  auto [end, error] = std::from_chars(port.data(), port.data() + port.size(), value);
  if (error != std::errc() || end != port.data() + port.size() || value == 0 || value > 65535) {
    return "port " + std::string(port) + " is not a number from 1 to 65535";
  }
  target.port = static_cast<std::uint16_t>(value);
  return target;
}

}  // namespace

std::variant<ProbeTarget, std::string> parse_tcp_target(std::string_view host_port) {
  return split_authority(host_port, 0, true);
}

std::variant<ProbeTarget, std::string> parse_http_target(std::string_view url) {
  constexpr std::string_view kScheme = "http://";
  if (url.substr(0, kScheme.size()) != kScheme) return std::string("not an http:// URL");
  std::string_view rest = url.substr(kScheme.size());
  std::size_t end = rest.find_first_of("/?#");
  std::string_view authority = rest.substr(0, end);
  if (authority.find('@') != std::string_view::npos) return std::string("user info in the URL is not supported");
  auto split = split_authority(authority, 80, false);
  if (auto* error = std::get_if<std::string>(&split)) return std::move(*error);
  ProbeTarget target = std::move(std::get<ProbeTarget>(split));
  target.authority = std::string(authority);
  std::string_view path = end == std::string_view::npos ? std::string_view() : rest.substr(end);
  path = path.substr(0, path.find('#'));  // a fragment never goes to the server
  target.path = path.empty() || path.front() != '/' ? "/" + std::string(path) : std::string(path);
  for (char c : target.path) {
    if (static_cast<unsigned char>(c) <= ' ' || c == 0x7f)
      return std::string("the path holds a space or a control character");
  }
  return target;
}

}  // namespace sup
