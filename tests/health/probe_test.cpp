// The tcp:// and http:// probes against real sockets on 127.0.0.1 that the test controls, and
// the parsing of their targets.
#include <optional>
#include <variant>

#include <catch2/catch.hpp>

#include "supervisord/health/net_probe.h"
#include "supervisord/health/probe_target.h"
#include "tests/health/loopback_http.h"
#include "tests/support/ports.h"

using namespace sup;
using namespace sup::test;
using namespace std::chrono_literals;

namespace {

ProbeTarget target_of(std::variant<ProbeTarget, std::string> parsed) {
  if (auto* error = std::get_if<std::string>(&parsed)) FAIL("unexpected parse error: " << *error);
  return std::get<ProbeTarget>(parsed);
}

std::string error_of(std::variant<ProbeTarget, std::string> parsed) {
  if (auto* error = std::get_if<std::string>(&parsed)) return *error;
  return "(parsed)";
}

// Runs one probe to its end on `io`.
std::optional<ProbeResult> run_probe(boost::asio::io_context& io, NetProbeKind kind, const std::string& spec) {
  std::optional<ProbeResult> result;
  ProbeTarget target =
      kind == NetProbeKind::kHttp ? target_of(parse_http_target(spec)) : target_of(parse_tcp_target(spec));
  auto probe = start_net_probe(io, kind, target, [&result](ProbeResult r) { result = std::move(r); });
  CHECK_FALSE(result);  // never inside the call that started it
  run_until(io, [&result] { return result.has_value(); });
  return result;
}

}  // namespace

TEST_CASE("http targets: host, port, path and Host header as written", "[health]") {
  ProbeTarget t = target_of(parse_http_target("http://127.0.0.1:8000/healthz?deep=1"));
  CHECK(t.host == "127.0.0.1");
  CHECK(t.port == 8000);
  CHECK(t.path == "/healthz?deep=1");
  CHECK(t.authority == "127.0.0.1:8000");
  t = target_of(parse_http_target("http://example.org"));
  CHECK(t.port == 80);
  CHECK(t.path == "/");
  t = target_of(parse_http_target("http://[::1]:81?x#frag"));
  CHECK(t.host == "::1");
  CHECK(t.port == 81);
  CHECK(t.path == "/?x");
  CHECK(t.authority == "[::1]:81");
  CHECK(error_of(parse_http_target("http://u:p@host/")) == "user info in the URL is not supported");
  CHECK(error_of(parse_http_target("http://host:0/")) == "port 0 is not a number from 1 to 65535");
  CHECK(error_of(parse_http_target("http://host:80x/")) == "port 80x is not a number from 1 to 65535");
  CHECK(error_of(parse_http_target("http://:80/")) == "no host");
  CHECK(error_of(parse_http_target("http://h/a b")) == "the path holds a space or a control character");
}

TEST_CASE("tcp targets need host and port", "[health]") {
  ProbeTarget t = target_of(parse_tcp_target("127.0.0.1:5432"));
  CHECK(t.host == "127.0.0.1");
  CHECK(t.port == 5432);
  t = target_of(parse_tcp_target("[::1]:6379"));
  CHECK(t.host == "::1");
  CHECK(t.port == 6379);
  CHECK(error_of(parse_tcp_target("db")) == "no port");
  CHECK(error_of(parse_tcp_target("db:99999")) == "port 99999 is not a number from 1 to 65535");
  CHECK(error_of(parse_tcp_target("[::1")) == "an IPv6 address lacks its closing ]");
}

TEST_CASE("tcp: a listening port passes, a closed one fails", "[health]") {
  boost::asio::io_context io;
  LoopbackHttp server(io);
  auto passed = run_probe(io, NetProbeKind::kTcp, "127.0.0.1:" + std::to_string(server.port()));
  REQUIRE(passed);
  CHECK(passed->ok());
  auto failed = run_probe(io, NetProbeKind::kTcp, "127.0.0.1:" + std::to_string(free_tcp_port()));
  REQUIRE(failed);
  CHECK_FALSE(failed->ok());
  CHECK(failed->detail == "connect: Connection refused");
}

TEST_CASE("http: 2xx and 3xx pass, other statuses fail; a GET with the Host header", "[health]") {
  boost::asio::io_context io;
  LoopbackHttp server(io);
  const std::string url = "http://127.0.0.1:" + std::to_string(server.port()) + "/healthz?x=1";
  for (int status : {200, 204, 302}) {
    server.set_status(status);
    auto result = run_probe(io, NetProbeKind::kHttp, url);
    REQUIRE(result);
    CHECK(result->ok());
  }
  for (int status : {404, 500, 503}) {
    server.set_status(status);
    auto result = run_probe(io, NetProbeKind::kHttp, url);
    REQUIRE(result);
    CHECK_FALSE(result->ok());
    CHECK(result->detail == "HTTP status " + std::to_string(status));
  }
  REQUIRE(server.heads().size() == 6);
  const std::string& head = server.heads().front();
  CHECK(head.rfind("GET /healthz?x=1 HTTP/1.1\r\n", 0) == 0);
  CHECK(head.find("\r\nHost: 127.0.0.1:" + std::to_string(server.port()) + "\r\n") != std::string::npos);
  // Each probe closes its connection once it has the status.
  CHECK(run_until(io, [&server] { return server.hangups() == 6; }));
}

TEST_CASE("http: a host name is resolved without blocking the loop", "[health]") {
  boost::asio::io_context io;
  LoopbackHttp server(io);
  auto result = run_probe(io, NetProbeKind::kHttp, "http://localhost:" + std::to_string(server.port()) + "/");
  REQUIRE(result);
  CHECK(result->ok());
}

TEST_CASE("http: a cancelled probe closes its connection and never reports", "[health]") {
  boost::asio::io_context io;
  LoopbackHttp server(io);
  server.set_status(0);  // reads the request, never answers
  std::optional<ProbeResult> result;
  auto probe = start_net_probe(io, NetProbeKind::kHttp,
                               target_of(parse_http_target("http://127.0.0.1:" + std::to_string(server.port()) + "/")),
                               [&result](ProbeResult r) { result = std::move(r); });
  REQUIRE(run_until(io, [&server] { return server.heads().size() == 1; }));
  // The monitor's deadline destroys the handle: the connection goes, the callback never runs.
  probe.reset();
  CHECK(run_until(io, [&server] { return server.hangups() == 1; }));
  CHECK_FALSE(result);
}
