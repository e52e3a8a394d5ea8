#include "web-ui/csrf_guard.h"

#include "xmlrpc/http_auth.h"
#include "xmlrpc/http_origin.h"

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

}  // namespace

CsrfGuard::CsrfGuard() : token_(random_token()) {}

CsrfVerdict CsrfGuard::check(const xmlrpc::HttpRequest& request, const std::string* supplied) const {
  if (!xmlrpc::same_origin(request)) return CsrfVerdict::kCrossOrigin;
  if (supplied == nullptr || supplied->empty()) return CsrfVerdict::kMissingToken;
  if (!xmlrpc::constant_time_equal(*supplied, token_)) return CsrfVerdict::kBadToken;
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
