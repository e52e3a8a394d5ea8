// xmlrpc::Client against the reference Python supervisord 4.2.5 (/usr/bin/supervisord):
// unix and inet sockets, faults, HTTP errors, Basic auth, keep-alive, /logtail streaming.
#include <catch2/catch.hpp>

#include <sys/stat.h>

#include <memory>

#include "tests/support/daemon_process.h"
#include "tests/support/files.h"
#include "tests/support/poll.h"
#include "tests/support/ports.h"
#include "tests/support/rpc_client.h"
#include "tests/support/scratch_config.h"
#include "xmlrpc/client.h"
#include "xmlrpc/faults.h"

using namespace xmlrpc;
using sup::test::DaemonProcess;
using sup::test::must_value;
using sup::test::TempDir;

namespace {

// A Python supervisord on a scratch config, ready once its unix socket accepts.
struct Reference {
  TempDir dir;
  int port = sup::test::free_tcp_port();
  std::string sock = dir.file("s.sock");
  std::unique_ptr<DaemonProcess> daemon;

  explicit Reference(const std::string& inet_auth = "") {
    REQUIRE(sup::test::reference_installed());
    sup::test::write_file(dir.file("hello.sh"), "#!/bin/sh\necho hello-from-x\nexec sleep 1000\n");
    ::chmod(dir.file("hello.sh").c_str(), 0755);
    daemon = std::make_unique<DaemonProcess>(
        dir,
        sup::test::supervisord_section(dir, "info") + sup::test::rpc_sections(sock) +
            "[inet_http_server]\nport=127.0.0.1:" + std::to_string(port) + "\n" + inet_auth + "\n" +
            "[program:x]\ncommand=" + dir.file("hello.sh") + "\nstdout_logfile=" + dir.file("x.out") +
            "\nstartsecs=0\n",
        sup::test::kReferenceSupervisord);
    if (!daemon->wait_ready(sock, std::chrono::seconds(20))) {
      FAIL("Python's supervisord did not open its socket; output:\n" << daemon->output());
    }
  }
};

}  // namespace

TEST_CASE("Client talks to Python supervisord over unix and inet sockets") {
  Reference ref;
  Client unix_client(sup::test::unix_url(ref.sock));
  Client inet_client(sup::test::http_url(ref.port));

  CHECK(must_value(unix_client.call("supervisor.getVersion")) == Value{"3.0"});
  CHECK(must_value(inet_client.call("supervisor.getAPIVersion")) == Value{"3.0"});
  // Several calls on the same kept-alive connection.
  for (int i = 0; i < 5; ++i) CHECK(must_value(unix_client.call("supervisor.getSupervisorVersion")) == Value{"4.2.5"});

  const Value state = must_value(inet_client.call("supervisor.getState"));
  REQUIRE(state.find("statename") != nullptr);
  CHECK(state.find("statename")->as_string() == "RUNNING");
  CHECK(state.find("statecode")->as_int() == 1);

  REQUIRE(sup::test::wait_until([&] {
    const Value info = must_value(unix_client.call("supervisor.getProcessInfo", {"x"}));
    return info.find("statename")->as_string() == "RUNNING";
  }));
  const Value all = must_value(unix_client.call("supervisor.getAllProcessInfo"));
  REQUIRE(all.is_array());
  REQUIRE(all.as_array().size() == 1);
  CHECK(all.as_array()[0].find("name")->as_string() == "x");
  CHECK(all.as_array()[0].find("pid")->as_int() > 0);

  // Faults come back as Fault values.
  auto r = unix_client.call("supervisor.getProcessInfo", {"no<pe>"});
  REQUIRE(std::holds_alternative<Fault>(r));
  CHECK(std::get<Fault>(r) == Fault{faults::kBadName, "BAD_NAME: no<pe>"});
  r = unix_client.call("supervisor.nope");
  REQUIRE(std::holds_alternative<Fault>(r));
  CHECK(std::get<Fault>(r).code == faults::kUnknownMethod);
  const Value multi = must_value(unix_client.call(
      "system.multicall",
      Array{Value{Array{Struct{{"methodName", "supervisor.getAPIVersion"}}, Struct{{"methodName", "a.b"}}}}}));
  REQUIRE(multi.as_array().size() == 2);
  CHECK(multi.as_array()[0] == Value{"3.0"});

  // Wrong parameter types make Python answer HTTP 500; the client reconnects afterwards.
  r = unix_client.call("supervisor.getProcessInfo", {5});
  REQUIRE(std::holds_alternative<CallError>(r));
  CHECK(std::get<CallError>(r).kind == CallError::Kind::kHttpStatus);
  CHECK(std::get<CallError>(r).http_status == 500);
  CHECK(must_value(unix_client.call("supervisor.getVersion")) == Value{"3.0"});

  // Big request and response bodies.
  const std::string big(300000, 'a');
  r = unix_client.call("supervisor.getProcessInfo", {big});
  REQUIRE(std::holds_alternative<Fault>(r));
  CHECK(std::get<Fault>(r).string == "BAD_NAME: " + big);

  // /logtail streams the process' stdout log.
  std::string seen;
  auto err = unix_client.stream_get("/logtail/x", [&](std::string_view chunk) {
    seen += chunk;
    return seen.find("hello-from-x") == std::string::npos;
  });
  CHECK_FALSE(err.has_value());
  CHECK(seen.find("hello-from-x\n") != std::string::npos);
  err = inet_client.stream_get("/logtail/nope", [](std::string_view) { return true; });
  REQUIRE(err.has_value());
  CHECK(err->kind == CallError::Kind::kHttpStatus);
  CHECK(err->http_status == 404);

  // A daemon that went away: the kept-alive connection fails, the reconnect is refused.
  ref.daemon->stop();
  r = inet_client.call("supervisor.getVersion");
  REQUIRE(std::holds_alternative<CallError>(r));
  CHECK(std::get<CallError>(r).kind == CallError::Kind::kRefused);
  r = unix_client.call("supervisor.getVersion");
  REQUIRE(std::holds_alternative<CallError>(r));
  CHECK(std::get<CallError>(r).kind == CallError::Kind::kNoSuchFile);  // the daemon removed its socket
}

TEST_CASE("Client sends Basic auth; Python supervisord answers 401 without it") {
  // {SHA} of "secret".
  Reference ref("username=bob\npassword={SHA}e5e9fa1ba31ecd1ae84f75caaa474f3a663f05f4\n");
  const std::string url = sup::test::http_url(ref.port);

  Client good(url, "bob", "secret");
  CHECK(must_value(good.call("supervisor.getVersion")) == Value{"3.0"});
  CHECK(must_value(good.call("supervisor.getVersion")) == Value{"3.0"});

  for (auto* creds : {"none", "wrong"}) {
    Client bad = std::string(creds) == "none" ? Client(url) : Client(url, "bob", "wrong");
    auto r = bad.call("supervisor.getVersion");
    REQUIRE(std::holds_alternative<CallError>(r));
    CHECK(std::get<CallError>(r).kind == CallError::Kind::kHttpStatus);
    CHECK(std::get<CallError>(r).http_status == 401);
    // The server left the socket open but deaf; the client must not hang on the next call.
    r = bad.call("supervisor.getVersion");
    REQUIRE(std::holds_alternative<CallError>(r));
    CHECK(std::get<CallError>(r).http_status == 401);
  }
}

TEST_CASE("Client reports unusable server URLs and missing sockets") {
  TempDir dir;
  auto r = Client("ftp://x").call("a.b");
  REQUIRE(std::holds_alternative<CallError>(r));
  CHECK(std::get<CallError>(r).kind == CallError::Kind::kBadServerUrl);
  r = Client(sup::test::unix_url(dir.file("missing.sock"))).call("a.b");
  REQUIRE(std::holds_alternative<CallError>(r));
  CHECK(std::get<CallError>(r).kind == CallError::Kind::kNoSuchFile);
  CHECK(std::get<CallError>(r).sys_errno == ENOENT);
  r = Client(sup::test::http_url(sup::test::free_tcp_port())).call("a.b");
  REQUIRE(std::holds_alternative<CallError>(r));
  CHECK(std::get<CallError>(r).kind == CallError::Kind::kRefused);
}
