// Cross-site request forgery defence for the web UI's state-changing actions: a POST must
// carry the per-daemon token printed into every page (as form field kTokenField), and, when
// the browser says where the request comes from (Origin, else Referer), that origin must be
// the page's own (the Host header). GET never changes state (web-ui.md deliberate difference).
#pragma once

#include <string>
#include <string_view>

#include "xmlrpc/http_message.h"

namespace sup::webui {

inline constexpr std::string_view kTokenField = "csrf_token";

enum class CsrfVerdict {
  kAllowed,
  kMissingToken,
  kBadToken,
  kCrossOrigin,  // Origin/Referer names another site
};

class CsrfGuard final {
 public:
  // A fresh random token (from the kernel's CSPRNG); it lives as long as the daemon.
  CsrfGuard();
  explicit CsrfGuard(std::string token) : token_(std::move(token)) {}

  const std::string& token() const { return token_; }

  // `supplied`: the token field of the request, if any.
  CsrfVerdict check(const xmlrpc::HttpRequest& request, const std::string* supplied) const;

 private:
  std::string token_;
};

std::string_view to_string(CsrfVerdict verdict);

}  // namespace sup::webui
