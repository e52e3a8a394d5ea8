#include "xmlrpc/server_url.h"

#include <cctype>
#include <charconv>

namespace xmlrpc {

std::string ServerUrl::host_header() const {
  if (kind == Kind::kUnix) return "localhost";
  std::string h = host.find(':') != std::string::npos ? "[" + host + "]" : host;
  if (port != 80) h += ":" + std::to_string(port);
  return h;
}

std::optional<ServerUrl> parse_server_url(std::string_view url) {
  constexpr std::string_view kUnix = "unix://";
  constexpr std::string_view kHttp = "http://";
  ServerUrl out;
  if (url.substr(0, kUnix.size()) == kUnix) {
    out.kind = ServerUrl::Kind::kUnix;
    out.path = std::string(url.substr(kUnix.size()));
    if (out.path.empty()) return std::nullopt;
    return out;
  }
  if (url.substr(0, kHttp.size()) != kHttp) return std::nullopt;
  out.kind = ServerUrl::Kind::kInet;
  std::string_view rest = url.substr(kHttp.size());
  rest = rest.substr(0, rest.find_first_of("/?#"));
  if (const std::size_t at = rest.rfind('@'); at != std::string_view::npos) rest.remove_prefix(at + 1);
  std::string_view host = rest;
  std::string_view port;
  if (!rest.empty() && rest.front() == '[') {
    const std::size_t close = rest.find(']');
    if (close == std::string_view::npos) return std::nullopt;
    host = rest.substr(1, close - 1);
    std::string_view after = rest.substr(close + 1);
    if (!after.empty()) {
      if (after.front() != ':') return std::nullopt;
      port = after.substr(1);
    }
  } else if (const std::size_t colon = rest.rfind(':'); colon != std::string_view::npos) {
    host = rest.substr(0, colon);
    port = rest.substr(colon + 1);
  }
  if (host.empty()) return std::nullopt;
  for (char c : host) out.host += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (!port.empty()) {
    int value = 0;
    auto [end, ec] = std::from_chars(port.data(), port.data() + port.size(), value);
    if (ec != std::errc{} || end != port.data() + port.size() || value < 0 || value > 65535) return std::nullopt;
    out.port = value;
  }
  return out;
}

}  // namespace xmlrpc
