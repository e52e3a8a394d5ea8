// Fixed HTTP texts (spec §3) and small helpers: error page lengths, dates, percent-decoding,
// Basic auth checks, server URLs.
#include <catch2/catch.hpp>

#include "xmlrpc/base64.h"
#include "xmlrpc/http_auth.h"
#include "xmlrpc/http_message.h"
#include "xmlrpc/server_url.h"

using namespace xmlrpc;

TEST_CASE("Medusa error pages have the measured lengths") {
  CHECK(error_body(400).size() == 136);
  CHECK(error_body(401).size() == 137);
  CHECK(error_body(404).size() == 134);
  CHECK(error_body(411).size() == 140);
  CHECK(error_body(500).size() == 146);
  CHECK(error_body(301).size() == 142);
  CHECK(reason_phrase(304) == "Not Modified");
}

TEST_CASE("RFC 1123 dates and percent-decoding") {
  CHECK(http_date(1795345976) == "Sun, 22 Nov 2026 11:12:56 GMT");
  CHECK(percent_decode("/logtail/grp%3Aa") == "/logtail/grp:a");
  CHECK(percent_decode("%7e%2") == "~%2");
  CHECK(percent_decode("a+b%zz%") == "a+b%zz%");
}

TEST_CASE("Basic auth outcomes") {
  const BasicCredentials plain{"bob", "pw"};
  const BasicCredentials sha{"bob", "{SHA}e5e9fa1ba31ecd1ae84f75caaa474f3a663f05f4"};
  CHECK(sha1_hex("secret") == "e5e9fa1ba31ecd1ae84f75caaa474f3a663f05f4");
  CHECK(check_basic_auth(plain, "Basic " + base64_encode("bob:pw")) == AuthOutcome::kAccepted);
  CHECK(check_basic_auth(plain, "BASIC " + base64_encode("bob:pw")) == AuthOutcome::kAccepted);
  CHECK(check_basic_auth(plain, "Basic " + base64_encode("bob:pwx")) == AuthOutcome::kUnauthorized);
  CHECK(check_basic_auth(plain, std::nullopt) == AuthOutcome::kUnauthorized);
  CHECK(check_basic_auth(plain, "Bearer x") == AuthOutcome::kUnauthorized);
  CHECK(check_basic_auth(plain, "Basic abc") == AuthOutcome::kBadRequest);
  CHECK(check_basic_auth(plain, "Basic Zm9v") == AuthOutcome::kServerError);
  CHECK(check_basic_auth(plain, "Basic " + base64_encode("bob:\xff")) == AuthOutcome::kBadRequest);
  CHECK(check_basic_auth(sha, "Basic " + base64_encode("bob:secret")) == AuthOutcome::kAccepted);
  CHECK(check_basic_auth(sha, "Basic " + base64_encode("bob:" + sha.password)) == AuthOutcome::kUnauthorized);
  CHECK(check_basic_auth(BasicCredentials{"bob", "a:b"}, "Basic " + base64_encode("bob:a:b")) == AuthOutcome::kAccepted);
}

TEST_CASE("server URLs") {
  auto u = parse_server_url("unix:///tmp/s.sock");
  REQUIRE(u.has_value());
  CHECK(u->kind == ServerUrl::Kind::kUnix);
  CHECK(u->path == "/tmp/s.sock");
  CHECK(u->host_header() == "localhost");
  u = parse_server_url("http://LocalHost:9001/RPC2");
  REQUIRE(u.has_value());
  CHECK(u->host == "localhost");
  CHECK(u->port == 9001);
  CHECK(u->host_header() == "localhost:9001");
  u = parse_server_url("http://[::1]");
  REQUIRE(u.has_value());
  CHECK(u->host == "::1");
  CHECK(u->port == 80);
  CHECK(u->host_header() == "[::1]");
  CHECK_FALSE(parse_server_url("https://x").has_value());
  CHECK_FALSE(parse_server_url("http://x:99999").has_value());
  CHECK_FALSE(parse_server_url("unix://").has_value());
}
