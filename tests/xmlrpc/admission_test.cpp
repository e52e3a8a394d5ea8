// Who xmlrpc::HttpServer serves when clients hold many connections (http_admission.h): caps
// per listener and per client address, shedding of idle connections and unfinished heads
// before a refusal, and the deadlines for the first byte and the head of a request. Limits are
// shrunk so that a handful of real sockets (127.0.0.x, unix socket in a temp dir) fill them.
#include <catch2/catch.hpp>

#include <unistd.h>

#include <memory>
#include <thread>
#include <vector>

#include "test_server.h"
#include "tests/support/poll.h"
#include "tests/support/raw_http.h"
#include "tests/support/sockets.h"
#include "tests/support/temp_dir.h"
#include "xmlrpc/client.h"
#include "xmlrpc/codec.h"

using namespace xmlrpc;
using namespace std::chrono_literals;
using sup::test::RawResponse;
using sup::test::TempDir;
using sup::test::TestServer;

namespace {

constexpr const char* kStatic = "GET /static.txt HTTP/1.1\r\nHost: x\r\n\r\n";
constexpr const char* kStream = "GET /logtail/x HTTP/1.1\r\nHost: x\r\n\r\n";

struct Raw {
  int fd;
  std::string pending;
  explicit Raw(int f) : fd(f) { REQUIRE(fd >= 0); }
  ~Raw() { ::close(fd); }
  void send(const std::string& data) { REQUIRE(sup::test::send_all(fd, data)); }
  RawResponse ask(const std::string& request) {
    send(request);
    return sup::test::read_response(fd, pending);
  }
  // Starts an endless stream and waits for its first bytes: the connection is then busy.
  void stream() {
    send(kStream);
    std::string got;
    REQUIRE(sup::test::wait_until([&] {
      got += sup::test::recv_for(fd, 50ms);
      return got.find("hello\n") != std::string::npos;
    }));
  }
  bool closed(std::chrono::milliseconds within = 5s) const { return sup::test::wait_closed(fd, within); }
};

std::unique_ptr<Raw> connect(const TestServer& server, const char* source = nullptr) {
  return std::make_unique<Raw>(sup::test::connect_tcp(server.port(), source));
}

}  // namespace

TEST_CASE("a full listener sheds its longest-idle connection, then an unfinished head, never a busy one") {
  HttpLimits limits;
  limits.max_inet_connections = 3;
  TestServer server({sup::test::inet_config(0)}, limits);
  REQUIRE_FALSE(server.start().has_value());

  auto oldest = connect(server);
  REQUIRE(sup::test::wait_until([&] { return server.connection_count() == 1; }));
  auto head = connect(server);
  head->send("GET /static.txt HTTP/1.1\r\n");
  auto idle = connect(server);
  REQUIRE(sup::test::wait_until([&] { return server.connection_count() == 3; }));

  // Full: a newcomer is served, and the connection that waited longest for a request goes.
  auto newcomer = connect(server);
  CHECK(newcomer->ask(kStatic).status() == 200);
  CHECK(oldest->closed());
  CHECK_FALSE(head->closed(100ms));
  // The next one takes the place of `idle`, idle before `newcomer` (idle since its answer).
  auto second = connect(server);
  CHECK(second->ask(kStatic).status() == 200);
  CHECK(idle->closed());
  CHECK_FALSE(head->closed(100ms));

  // With every other slot busy, the unfinished head is the one to go.
  newcomer->stream();
  second->stream();
  auto third = connect(server);
  CHECK(third->ask(kStatic).status() == 200);
  CHECK(head->closed());

  // All busy: the next newcomer is refused at once, and the busy ones keep streaming.
  third->stream();
  auto refused = connect(server);
  std::string pending;
  CHECK(sup::test::read_response(refused->fd, pending).status() == 503);
  CHECK(refused->closed());
  CHECK_FALSE(newcomer->closed(100ms));
  CHECK(server.connection_count() == 3);
}

TEST_CASE("an address at its cap sheds its own idle connections, never another address's") {
  HttpLimits limits;
  limits.max_connections_per_peer = 2;
  TestServer server({sup::test::inet_config(0)}, limits);
  REQUIRE_FALSE(server.start().has_value());

  auto other = connect(server, "127.0.0.1");
  auto first = connect(server, "127.0.0.2");
  REQUIRE(sup::test::wait_until([&] { return server.connection_count() == 2; }));
  auto second = connect(server, "127.0.0.2");
  REQUIRE(sup::test::wait_until([&] { return server.connection_count() == 3; }));

  auto third = connect(server, "127.0.0.2");
  CHECK(third->ask(kStatic).status() == 200);
  CHECK(first->closed());
  CHECK_FALSE(other->closed(100ms));

  second->stream();
  third->stream();
  auto refused = connect(server, "127.0.0.2");
  std::string pending;
  CHECK(sup::test::read_response(refused->fd, pending).status() == 503);
  CHECK(other->ask(kStatic).status() == 200);
  auto elsewhere = connect(server, "127.0.0.3");
  CHECK(elsewhere->ask(kStatic).status() == 200);
}

TEST_CASE("inet clients cannot take the unix socket's slots") {
  TempDir dir;
  HttpLimits limits;
  limits.max_inet_connections = 2;
  TestServer server({sup::test::inet_config(0), sup::test::unix_config(dir.file("s.sock"))}, limits);
  REQUIRE_FALSE(server.start().has_value());
  auto a = connect(server);
  auto b = connect(server);
  a->stream();
  b->stream();
  auto refused = connect(server);
  std::string pending;
  CHECK(sup::test::read_response(refused->fd, pending).status() == 503);
  Client client("unix://" + dir.file("s.sock"));
  const CallResult r = client.call("test.add", {1, 2});
  REQUIRE(std::holds_alternative<Value>(r));
  CHECK(std::get<Value>(r) == Value{3});
}

TEST_CASE("deadlines: the first byte and the head come soon; a kept-alive connection may wait") {
  HttpLimits limits;
  limits.first_byte_timeout = 300ms;
  limits.header_timeout = 300ms;
  limits.idle_timeout = 30s;
  TestServer server({sup::test::inet_config(0)}, limits);
  REQUIRE_FALSE(server.start().has_value());

  auto silent = connect(server);
  auto blank_lines = connect(server);
  auto slow_head = connect(server);
  slow_head->send("GET /static.txt HTTP/1.1\r\n");
  auto kept = connect(server);
  CHECK(kept->ask(kStatic).status() == 200);

  // Empty lines (skipped before a request line) do not extend the first-byte deadline, and
  // header lines do not extend the head's.
  bool blank_closed = false;
  bool head_closed = false;
  const auto give_up = std::chrono::steady_clock::now() + 5s;
  while ((!blank_closed || !head_closed) && std::chrono::steady_clock::now() < give_up) {
    if (!blank_closed) blank_closed = !sup::test::send_all(blank_lines->fd, "\r\n") || blank_lines->closed(100ms);
    if (!head_closed) head_closed = !sup::test::send_all(slow_head->fd, "X-Slow: 1\r\n") || slow_head->closed(100ms);
  }
  CHECK(blank_closed);
  CHECK(head_closed);
  CHECK(silent->closed());
  // Past both deadlines, the connection that was answered is still open and usable.
  CHECK_FALSE(kept->closed(50ms));
  CHECK(kept->ask(kStatic).status() == 200);
}
