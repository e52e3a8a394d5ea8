#include "web-ui/csrf_guard.h"

#include <sys/random.h>

#include <array>
#include <cerrno>
#include <cstdio>
#include <fstream>

namespace sup::webui {
namespace {

std::string random_token() {
  std::array<unsigned char, 24> bytes{};
  std::size_t filled = 0;
  while (filled < bytes.size()) {
    ssize_t n = getrandom(bytes.data() + filled, bytes.size() - filled, 0);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    filled += static_cast<std::size_t>(n);
  }
  if (filled < bytes.size()) {
    // getrandom unavailable (very old kernel): the same pool through the device file.
    std::ifstream urandom("/dev/urandom", std::ios::binary);
    urandom.read(reinterpret_cast<char*>(bytes.data()), static_cast<std::streamsize>(bytes.size()));
  }
  std::string token;
  char hex[3];
  for (unsigned char b : bytes) {
    std::snprintf(hex, sizeof hex, "%02x", b);
    token += hex;
  }
  return token;
}

// Compares without an early exit so that timing does not reveal a matching prefix.
bool equal_constant_time(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  unsigned char diff = 0;
  for (std::size_t i = 0; i < a.size(); ++i) diff |= static_cast<unsigned char>(a[i] ^ b[i]);
  return diff == 0;
}

// "http://host:port/path" -> "host:port"; "" when it is no http(s) URL.
std::string authority_of(std::string_view url) {
  std::size_t start;
  if (url.rfind("http://", 0) == 0) {
    start = 7;
  } else if (url.rfind("https://", 0) == 0) {
    start = 8;
  } else {
    return {};
  }
  const std::size_t end = url.find_first_of("/?#", start);
  return std::string(url.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start));
}

std::string lower(std::string s) {
  for (char& c : s) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return s;
}

}  // namespace

CsrfGuard::CsrfGuard() : token_(random_token()) {}

bool same_origin(const xmlrpc::HttpRequest& request) {
  auto source = request.header("Origin");
  if (!source) source = request.header("Referer");
  if (!source) return true;  // non-browser clients (curl) send neither; the token still applies
  const auto host = request.header("Host");
  if (!host) return false;
  const std::string authority = lower(authority_of(*source));
  return !authority.empty() && authority == lower(*host);
}

CsrfVerdict CsrfGuard::check(const xmlrpc::HttpRequest& request, const std::string* supplied) const {
  if (!same_origin(request)) return CsrfVerdict::kCrossOrigin;
  if (supplied == nullptr || supplied->empty()) return CsrfVerdict::kMissingToken;
  if (!equal_constant_time(*supplied, token_)) return CsrfVerdict::kBadToken;
  return CsrfVerdict::kAllowed;
}

std::string_view to_string(CsrfVerdict verdict) {
  switch (verdict) {
    case CsrfVerdict::kAllowed: return "allowed";
    case CsrfVerdict::kMissingToken: return "missing CSRF token";
    case CsrfVerdict::kBadToken: return "invalid CSRF token";
    case CsrfVerdict::kCrossOrigin: return "cross-origin request";
  }
  return "refused";
}

}  // namespace sup::webui
