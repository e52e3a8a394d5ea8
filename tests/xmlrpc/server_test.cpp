// xmlrpc::HttpServer over real sockets (unix socket in a temp dir, 127.0.0.1 ephemeral port):
// socket files, auth, keep-alive, error answers, limits, garbage, streaming, deferred calls.
#include <catch2/catch.hpp>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>

#include "test_server.h"
#include "tests/support/poll.h"
#include "tests/support/raw_http.h"
#include "tests/support/rpc_client.h"
#include "tests/support/sockets.h"
#include "tests/support/temp_dir.h"
#include "xmlrpc/client.h"
#include "xmlrpc/codec.h"
#include "xmlrpc/socket_bind.h"

using namespace xmlrpc;
using namespace std::chrono_literals;
using sup::test::must_value;
using sup::test::RawResponse;
using sup::test::TempDir;
using sup::test::TestServer;

namespace {

// A raw client socket, closed on destruction.
struct Raw {
  int fd;
  std::string pending;
  explicit Raw(int f) : fd(f) { REQUIRE(fd >= 0); }
  ~Raw() { ::close(fd); }
  RawResponse ask(const std::string& request) {
    REQUIRE(sup::test::send_all(fd, request));
    return sup::test::read_response(fd, pending);
  }
};

std::string rpc_request(const std::string& body, const std::string& extra_headers = "",
                        const std::string& version = "HTTP/1.1") {
  return "POST /RPC2 " + version + "\r\nHost: localhost\r\nContent-Type: text/xml\r\n" + extra_headers +
         "Content-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body;
}

std::string http_url(const TestServer& s) { return sup::test::http_url(s.port()); }

}  // namespace

TEST_CASE("unix socket: mode, owner, calls, removal at stop") {
  TempDir dir;
  const std::string path = dir.file("s.sock");
  auto config = sup::test::unix_config(path, 0660);
  if (::geteuid() == 0) {
    config.chown_uid = 65534;
    config.chown_gid = 65534;
  }
  {
    TestServer server({config});
    REQUIRE_FALSE(server.start().has_value());
    struct stat st{};
    REQUIRE(::lstat(path.c_str(), &st) == 0);
    CHECK(S_ISSOCK(st.st_mode));
    CHECK((st.st_mode & 07777) == 0660);
    if (::geteuid() == 0) {
      CHECK(st.st_uid == 65534u);
      CHECK(st.st_gid == 65534u);
    }
    CHECK(::access((path + "." + std::to_string(::getpid())).c_str(), F_OK) != 0);  // temp name gone

    Client client(sup::test::unix_url(path));
    CHECK(must_value(client.call("test.add", {2, 3})) == Value{5});
    CHECK(must_value(client.call("test.echo", {"caf\xc3\xa9 <&>"})) == Value{"caf\xc3\xa9 <&>"});

    // A second daemon on the same path is refused; the file stays ours.
    TestServer second({sup::test::unix_config(path)});
    auto err = second.start();
    REQUIRE(err.has_value());
    CHECK(err->message == kAddressInUseMessage);
    CHECK(must_value(client.call("test.add", {1, 1})) == Value{2});
  }
  CHECK(::access(path.c_str(), F_OK) != 0);
}

TEST_CASE("unix socket: a stale socket file is replaced") {
  TempDir dir;
  const std::string path = dir.file("stale.sock");
  {
    // Bind and close: leaves a socket file nobody listens on.
    BindResult stale = bind_unix_listener(path, 0700, static_cast<uid_t>(-1), static_cast<gid_t>(-1), 5);
    REQUIRE(stale.fd >= 0);
    ::close(stale.fd);
  }
  REQUIRE(::access(path.c_str(), F_OK) == 0);
  TestServer server({sup::test::unix_config(path)});
  REQUIRE_FALSE(server.start().has_value());
  Client client(sup::test::unix_url(path));
  CHECK(must_value(client.call("test.add", {2, 2})) == Value{4});
}

TEST_CASE("inet: port in use and bad socket path are start-up errors") {
  TestServer first({sup::test::inet_config(0)});
  REQUIRE_FALSE(first.start().has_value());
  TestServer second({sup::test::inet_config(first.port())});
  auto err = second.start();
  REQUIRE(err.has_value());
  CHECK(err->message == kAddressInUseMessage);

  TestServer bad({sup::test::unix_config("/nonexistent-dir-xyz/s.sock")});
  err = bad.start();
  REQUIRE(err.has_value());
  CHECK(err->message == "Cannot open an HTTP server: socket.error reported errno.ENOENT (2)");
}

TEST_CASE("Basic auth: none, wrong, plain, {SHA}, malformed") {
  TestServer open_server({sup::test::inet_config(0)});
  REQUIRE_FALSE(open_server.start().has_value());
  CHECK(must_value(Client(http_url(open_server), "any", "thing").call("test.add", {1, 2})) == Value{3});

  TestServer plain({sup::test::inet_config(0, "bob", "pw:with:colons")});
  REQUIRE_FALSE(plain.start().has_value());
  CHECK(must_value(Client(http_url(plain), "bob", "pw:with:colons").call("test.add", {1, 2})) == Value{3});
  for (auto [user, pass] : {std::pair{"bob", "wrong"}, std::pair{"alice", "pw:with:colons"}}) {
    auto r = Client(http_url(plain), user, pass).call("test.add", {1, 2});
    REQUIRE(std::holds_alternative<CallError>(r));
    CHECK(std::get<CallError>(r).http_status == 401);
  }

  TestServer sha({sup::test::inet_config(0, "bob", "{SHA}e5e9fa1ba31ecd1ae84f75caaa474f3a663f05f4")});
  REQUIRE_FALSE(sha.start().has_value());
  CHECK(must_value(Client(http_url(sha), "bob", "secret").call("test.add", {1, 2})) == Value{3});
  auto r = Client(http_url(sha), "bob", "{SHA}e5e9fa1ba31ecd1ae84f75caaa474f3a663f05f4").call("test.add", {1, 2});
  REQUIRE(std::holds_alternative<CallError>(r));
  CHECK(std::get<CallError>(r).http_status == 401);

  const std::string body = encode_call("test.add", {1, 2});
  {
    Raw c(sup::test::connect_tcp(sha.port()));
    RawResponse res = c.ask(rpc_request(body));
    CHECK(res.status_line == "HTTP/1.1 401 Unauthorized");
    CHECK(res.has_header("Server: Medusa/1.12"));
    CHECK(res.has_header("Connection: close"));
    CHECK(res.has_header("WWW-Authenticate: Basic realm=\"default\""));
    CHECK(res.has_header("Content-Length: 137"));
    CHECK(res.has_header("Content-Type: text/html"));
    CHECK(res.body.size() == 137);
    CHECK(sup::test::wait_closed(c.fd, 5s));
  }
  {
    // Lower-case scheme works; "abc" has bad padding (400); "Zm9v" has no colon (500).
    Raw c(sup::test::connect_tcp(sha.port()));
    CHECK(c.ask(rpc_request(body, "Authorization: basic Ym9iOnNlY3JldA==\r\n")).status() == 200);
    CHECK(c.ask("GET /static.txt HTTP/1.1\r\nAuthorization: Basic abc\r\n\r\n").status() == 400);
    CHECK(c.ask("GET /static.txt HTTP/1.1\r\nAuthorization: Basic Zm9v\r\n\r\n").status() == 500);
    CHECK(c.ask("GET /static.txt HTTP/1.1\r\nAuthorization: Digest Zm9v\r\n\r\n").status() == 401);
  }
  {
    // Static files are behind auth too.
    Raw c(sup::test::connect_tcp(sha.port()));
    CHECK(c.ask("GET /static.txt HTTP/1.1\r\n\r\n").status() == 401);
  }
}

TEST_CASE("keep-alive, HTTP/1.0, pipelining and response layout") {
  TestServer server({sup::test::inet_config(0)});
  REQUIRE_FALSE(server.start().has_value());
  const std::string body = encode_call("test.add", {20, 22});
  const std::string expected = *encode_response(Value{42});
  {
    Raw c(sup::test::connect_tcp(server.port()));
    for (int i = 0; i < 3; ++i) {
      RawResponse res = c.ask(rpc_request(body));
      REQUIRE(res.complete);
      CHECK(res.status_line == "HTTP/1.1 200 OK");
      CHECK(res.head.rfind("HTTP/1.1 200 OK\r\nServer: Medusa/1.12\r\nDate: ", 0) == 0);
      CHECK(res.has_header("Content-Type: text/xml"));
      CHECK(res.has_header("Content-Length: " + std::to_string(expected.size())));
      CHECK(res.body == expected);
    }
    // Two requests in one write come back in order; leading empty lines are skipped.
    REQUIRE(sup::test::send_all(c.fd, rpc_request(body) + "\r\n" + rpc_request(encode_call("test.add", {1, 1}))));
    CHECK(sup::test::read_response(c.fd, c.pending).body == expected);
    CHECK(sup::test::read_response(c.fd, c.pending).body == *encode_response(Value{2}));
  }
  {
    Raw c(sup::test::connect_tcp(server.port()));
    RawResponse res = c.ask(rpc_request(body, "", "HTTP/1.0"));
    CHECK(res.status_line == "HTTP/1.0 200 OK");
    CHECK_FALSE(res.has_header("Connection: Keep-Alive"));
    CHECK(sup::test::wait_closed(c.fd, 5s));
  }
  {
    Raw c(sup::test::connect_tcp(server.port()));
    RawResponse res = c.ask(rpc_request(body, "Connection: keep-alive\r\n", "HTTP/1.0"));
    CHECK(res.has_header("Connection: Keep-Alive"));
    CHECK(c.ask(rpc_request(body, "Connection: keep-alive\r\n", "HTTP/1.0")).body == expected);
  }
  {
    Raw c(sup::test::connect_tcp(server.port()));
    RawResponse res = c.ask(rpc_request(body, "Connection: close\r\n"));
    CHECK(res.body == expected);
    CHECK_FALSE(res.has_header("Connection: close"));
    CHECK(sup::test::wait_closed(c.fd, 5s));
  }
  {
    Raw c(sup::test::connect_tcp(server.port()));
    REQUIRE(sup::test::send_all(c.fd, "HEAD /static.txt HTTP/1.1\r\n\r\n"));
    RawResponse res = sup::test::read_response(c.fd, c.pending, 5s, false);
    CHECK(res.complete);
    CHECK(res.has_header("Content-Length: 12"));
    CHECK(res.body.empty());
    CHECK(c.ask("GET /static.txt HTTP/1.1\r\n\r\n").body == "static file\n");
    CHECK(c.ask("POST /form HTTP/1.1\r\nContent-Length: 3\r\n\r\na=b").body == "posted:a=b");
    // Expect: 100-continue gets its interim answer before the body is sent.
    CHECK(c.ask("POST /form HTTP/1.1\r\nExpect: 100-continue\r\nContent-Length: 2\r\n\r\n").status_line ==
          "HTTP/1.1 100 Continue");
    CHECK(c.ask("xy").body == "posted:xy");
  }
}

TEST_CASE("error answers: 400, 404, 411, 413, bad XML, garbage") {
  HttpLimits limits;
  limits.max_body_bytes = 1000;
  limits.max_header_bytes = 2000;
  TestServer server({sup::test::inet_config(0)}, limits);
  REQUIRE_FALSE(server.start().has_value());
  Raw c(sup::test::connect_tcp(server.port()));

  RawResponse res = c.ask("GET /RPC2 HTTP/1.1\r\n\r\n");
  CHECK(res.status() == 400);
  CHECK(res.body.size() == 136);
  CHECK(res.body == "<head>\r\n<title>Error response</title>\r\n</head>\r\n<body>\r\n<h1>Error response</h1>\r\n"
                    "<p>Error code 400.\r\n<p>Message: Bad Request.\r\n</body>\r\n");
  res = c.ask("GET /nope HTTP/1.1\r\n\r\n");
  CHECK(res.status() == 404);
  CHECK(res.body.size() == 134);
  res = c.ask("POST /RPC2 HTTP/1.1\r\n\r\n");
  CHECK(res.status() == 411);
  CHECK(res.body.size() == 140);
  CHECK(c.ask("PUT / HTTP/1.1\r\nContent-Length: 0\r\n\r\n").status() == 400);
  CHECK(c.ask("get / HTTP/1.1\r\n\r\n").status() == 400);
  CHECK(c.ask(rpc_request("<methodCall><methodName>x")).status() == 400);
  CHECK(c.ask(rpc_request("<methodCall><params/></methodCall>")).status() == 400);
  CHECK(c.ask(rpc_request(encode_call("test.boom", {}))).status() == 500);
  CHECK(c.ask(rpc_request(encode_call("test.overflow", {}))).status() == 500);
  CHECK(c.ask(rpc_request("")).status() == 400);  // Content-Length: 0 answers (Supervisor hangs)
  // Still usable after all those.
  CHECK(c.ask(rpc_request(encode_call("test.add", {1, 2}))).body == *encode_response(Value{3}));

  {
    Raw big(sup::test::connect_tcp(server.port()));
    CHECK(big.ask(rpc_request(std::string(5000, 'x'))).status() == 413);
    CHECK(sup::test::wait_closed(big.fd, 5s));
  }
  {
    Raw big(sup::test::connect_tcp(server.port()));
    CHECK(big.ask("GET / HTTP/1.1\r\nX-Long: " + std::string(5000, 'a') + "\r\n\r\n").status() == 400);
  }
  {
    Raw junk(sup::test::connect_tcp(server.port()));
    const std::string garbage("\x00\x01\xff garbage \x7f\r\n\r\n", 16);
    RawResponse r = junk.ask(garbage);
    CHECK(r.status() == 400);
    CHECK(sup::test::wait_closed(junk.fd, 5s));
  }
  CHECK(c.ask(rpc_request(encode_call("test.add", {2, 2}))).body == *encode_response(Value{4}));
}

TEST_CASE("timeouts: idle client and slow head are dropped") {
  HttpLimits limits;
  limits.first_byte_timeout = 300ms;
  limits.idle_timeout = 300ms;
  limits.header_timeout = 300ms;
  TestServer server({sup::test::inet_config(0)}, limits);
  REQUIRE_FALSE(server.start().has_value());
  Raw silent(sup::test::connect_tcp(server.port()));
  Raw slow(sup::test::connect_tcp(server.port()));
  REQUIRE(sup::test::send_all(slow.fd, "GET / HTTP/1.1\r\nHost: x\r\n"));
  CHECK(sup::test::wait_closed(silent.fd, 5s));
  CHECK(sup::test::wait_closed(slow.fd, 5s));
  CHECK(sup::test::wait_until([&] { return server.connection_count() == 0; }, 5s));

  // A kept-alive connection that idles past the timeout: the Client reconnects once.
  Client client(http_url(server));
  CHECK(must_value(client.call("test.add", {1, 2})) == Value{3});
  // The point of this check: the server has dropped the idle connection the Client keeps.
  REQUIRE(sup::test::wait_until([&] { return server.connection_count() == 0; }, 5s));
  CHECK(must_value(client.call("test.add", {3, 4})) == Value{7});
}

TEST_CASE("many connections at once") {
  TestServer server({sup::test::inet_config(0)});
  REQUIRE_FALSE(server.start().has_value());
  constexpr int kClients = 200;
  std::vector<std::unique_ptr<Raw>> clients;
  // From four addresses: one address may hold only 64 (HttpLimits::max_connections_per_peer).
  const char* sources[] = {"127.0.0.1", "127.0.0.2", "127.0.0.3", "127.0.0.4"};
  for (int i = 0; i < kClients; ++i) {
    clients.push_back(std::make_unique<Raw>(sup::test::connect_tcp(server.port(), sources[i % 4])));
  }
  for (int i = 0; i < kClients; ++i) REQUIRE(sup::test::send_all(clients[i]->fd, rpc_request(encode_call("test.add", {i, 1}))));
  for (int i = 0; i < kClients; ++i) {
    CHECK(sup::test::read_response(clients[i]->fd, clients[i]->pending).body == *encode_response(Value{i + 1}));
  }
  CHECK(server.connection_count() == kClients);
  clients.clear();
  CHECK(sup::test::wait_until([&] { return server.connection_count() == 0; }, 5s));
}

TEST_CASE("streams: chunked on HTTP/1.1, raw on HTTP/1.0, producer told when the client leaves") {
  TempDir dir;
  TestServer server({sup::test::inet_config(0), sup::test::unix_config(dir.file("s.sock"))});
  REQUIRE_FALSE(server.start().has_value());
  {
    Raw c(sup::test::connect_tcp(server.port()));
    REQUIRE(sup::test::send_all(c.fd, "GET /logtail/foo HTTP/1.1\r\nHost: \r\n\r\n\r\n"));
    std::string got;
    REQUIRE(sup::test::wait_until([&] {
      got += sup::test::recv_for(c.fd, 50ms);
      return got.find("tick 2\n") != std::string::npos;
    }));
    CHECK(got.rfind("HTTP/1.1 200 OK\r\nServer: Medusa/1.12\r\n", 0) == 0);
    CHECK(got.find("\r\nTransfer-Encoding: chunked\r\n") != std::string::npos);
    CHECK(got.find("\r\nX-Accel-Buffering: no\r\n") != std::string::npos);
    CHECK(got.find("\r\n\r\n6\r\nhello\n\r\n7\r\ntick 1\n\r\n") != std::string::npos);
  }
  CHECK(sup::test::wait_until([&] { return server.stats().streams_closed.load() == 1; }, 5s));
  {
    Raw c(sup::test::connect_tcp(server.port()));
    REQUIRE(sup::test::send_all(c.fd, "GET /logtail/foo HTTP/1.0\r\n\r\n"));
    std::string got;
    REQUIRE(sup::test::wait_until([&] {
      got += sup::test::recv_for(c.fd, 50ms);
      return got.find("tick 1\n") != std::string::npos;
    }));
    CHECK(got.find("Transfer-Encoding") == std::string::npos);
    CHECK(got.find("\r\n\r\nhello\ntick 1\n") != std::string::npos);
  }
  CHECK(sup::test::wait_until([&] { return server.stats().streams_closed.load() == 2; }, 5s));

  // The Client's stream_get over the unix socket, and a stream that ends.
  Client client(sup::test::unix_url(dir.file("s.sock")));
  std::string seen;
  auto err = client.stream_get("/logtail/foo", [&](std::string_view chunk) {
    seen += chunk;
    return seen.find("tick 3") == std::string::npos;
  });
  CHECK_FALSE(err.has_value());
  CHECK(seen.rfind("hello\ntick 1\ntick 2\ntick 3", 0) == 0);
  seen.clear();
  err = client.stream_get("/finite", [&](std::string_view chunk) {
    seen += chunk;
    return true;
  });
  CHECK_FALSE(err.has_value());
  CHECK(seen == "one two three");
}

TEST_CASE("deferred calls answer later without blocking other clients") {
  TestServer server({sup::test::inet_config(0)});
  REQUIRE_FALSE(server.start().has_value());
  Raw slow(sup::test::connect_tcp(server.port()));
  REQUIRE(sup::test::send_all(slow.fd, rpc_request(encode_call("test.later", {1500, "late"}))));
  const auto t0 = std::chrono::steady_clock::now();
  Client quick(http_url(server));
  CHECK(must_value(quick.call("test.add", {1, 1})) == Value{2});
  // The quick answer came while the slow one is still pending.
  CHECK(sup::test::recv_for(slow.fd, 0ms).empty());
  RawResponse res = sup::test::read_response(slow.fd, slow.pending);
  CHECK(res.body == *encode_response(Value{"late"}));
  CHECK(std::chrono::steady_clock::now() - t0 >= 1500ms);

  // multicall waits for each deferred member in turn.
  const Value multi = must_value(quick.call(
      "system.multicall",
      Array{Value{Array{Struct{{"methodName", "test.later"}, {"params", Array{100, "a"}}},
                        Struct{{"methodName", "test.add"}, {"params", Array{2, 3}}},
                        Struct{{"methodName", "test.later"}, {"params", Array{50, "b"}}}}}}));
  CHECK(multi == Value{Array{"a", 5, "b"}});
}

TEST_CASE("large responses written through the streaming writer") {
  TestServer server({sup::test::inet_config(0)});
  REQUIRE_FALSE(server.start().has_value());
  Client client(http_url(server));
  const Value big = must_value(client.call("test.big", {5000}));
  REQUIRE(big.as_array().size() == 5000);
  CHECK(big.as_array()[4999].find("name")->as_string() == "proc_4999");
  CHECK(big.as_array()[5].find("description")->as_string() == "pid 1234, uptime 0:00:01 <&>");
}

TEST_CASE("listening and accepted sockets are close-on-exec (children must not inherit them)") {
  TempDir dir;
  TestServer server({sup::test::inet_config(0), sup::test::unix_config(dir.file("s.sock"))});
  REQUIRE_FALSE(server.start().has_value());
  Raw tcp(sup::test::connect_tcp(server.port()));
  Raw local(sup::test::connect_unix(dir.file("s.sock")));
  REQUIRE(sup::test::wait_until([&] { return server.connection_count() == 2; }, 5s));
  int sockets = 0;
  for (const auto& entry : std::filesystem::directory_iterator("/proc/self/fd")) {
    const int fd = std::stoi(entry.path().filename().string());
    struct stat st{};
    if (::fstat(fd, &st) != 0 || !S_ISSOCK(st.st_mode)) continue;
    ++sockets;
    INFO("fd " << fd);
    CHECK((::fcntl(fd, F_GETFD) & FD_CLOEXEC) != 0);
  }
  CHECK(sockets >= 6);  // 2 listeners, 2 accepted, our 2 clients
}
