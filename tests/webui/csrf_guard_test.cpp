#include "web-ui/csrf_guard.h"

#include <catch2/catch.hpp>

using namespace sup::webui;

namespace {

xmlrpc::HttpRequest post(std::vector<xmlrpc::HttpHeader> headers) {
  xmlrpc::HttpRequest r;
  r.method = "POST";
  r.headers = std::move(headers);
  return r;
}

}  // namespace

TEST_CASE("tokens are random and long", "[webui]") {
  CsrfGuard a, b;
  CHECK(a.token().size() == 48);
  CHECK(a.token() != b.token());
}

TEST_CASE("the token must be present and right", "[webui]") {
  CsrfGuard guard("secret-token");
  const auto r = post({{"Host", "127.0.0.1:8080"}});
  const std::string good = "secret-token", bad = "secret-tokeN", shorter = "secret";
  CHECK(guard.check(r, &good) == CsrfVerdict::kAllowed);
  CHECK(guard.check(r, &bad) == CsrfVerdict::kBadToken);
  CHECK(guard.check(r, &shorter) == CsrfVerdict::kBadToken);
  CHECK(guard.check(r, nullptr) == CsrfVerdict::kMissingToken);
}

TEST_CASE("a foreign Origin or Referer is refused even with the token", "[webui]") {
  CsrfGuard guard("t");
  const std::string token = "t";
  CHECK(guard.check(post({{"Host", "127.0.0.1:8080"}, {"Origin", "http://127.0.0.1:8080"}}), &token) ==
        CsrfVerdict::kAllowed);
  CHECK(guard.check(post({{"Host", "127.0.0.1:8080"}, {"Origin", "http://evil.example"}}), &token) ==
        CsrfVerdict::kCrossOrigin);
  CHECK(guard.check(post({{"Host", "127.0.0.1:8080"}, {"Origin", "null"}}), &token) == CsrfVerdict::kCrossOrigin);
  CHECK(guard.check(post({{"Host", "127.0.0.1:8080"}, {"Referer", "http://127.0.0.1:8080/index.html?x"}}), &token) ==
        CsrfVerdict::kAllowed);
  CHECK(guard.check(post({{"Host", "127.0.0.1:8080"}, {"Referer", "http://127.0.0.1:9999/"}}), &token) ==
        CsrfVerdict::kCrossOrigin);
  CHECK(guard.check(post({{"Origin", "http://127.0.0.1:8080"}}), &token) == CsrfVerdict::kCrossOrigin);
}
