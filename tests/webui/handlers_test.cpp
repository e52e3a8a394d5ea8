// The page handlers end to end on a fake exchange and a fake daemon: confirmation for GET
// actions, CSRF refusal, redirects with Supervisor's messages, JSON replies, tail, ok.html.
#include <catch2/catch.hpp>

#include "fake_daemon.h"
#include "web-ui/web_ui.h"

using namespace sup::webui;
using sup::webui::test::FakeDaemon;
using sup::webui::test::make_exchange;

namespace {

const std::string kToken = "0123456789abcdef";

test::FakeProcess process(std::string group, std::string name, std::string state = "RUNNING") {
  test::FakeProcess p;
  p.group = std::move(group);
  p.name = std::move(name);
  p.statename = std::move(state);
  if (p.statename != "RUNNING") p.description = "Not started", p.pid = 0;
  return p;
}

struct Fixture {
  FakeDaemon daemon;
  std::shared_ptr<WebUi> ui;
  Fixture() {
    daemon.processes = {process("cat", "cat"), process("grp", "a"), process("grp", "b", "STOPPED")};
    ui = std::make_shared<WebUi>(daemon.rpc(), CsrfGuard(kToken));
  }
  std::shared_ptr<test::FakeExchange> page(std::string method, std::string target, std::string body = {},
                                           std::vector<xmlrpc::HttpHeader> headers = {}) {
    auto e = make_exchange(std::move(method), std::move(target), std::move(body), std::move(headers));
    ui->handle_page(e);
    REQUIRE(e->answered());
    return e;
  }
};

bool contains(const std::string& haystack, const std::string& needle) {
  return haystack.find(needle) != std::string::npos;
}

}  // namespace

TEST_CASE("status page renders with no-cache and security headers", "[webui]") {
  Fixture f;
  auto e = f.page("GET", "/");
  CHECK(e->status() == 200);
  CHECK(e->header("Content-Type") == "text/html;charset=utf-8");
  CHECK(e->header("Cache-Control") == "no-cache");
  CHECK(e->header("Pragma") == "no-cache");
  CHECK(e->header("X-Frame-Options") == "DENY");
  CHECK(contains(*e->header("Content-Security-Policy"), "frame-ancestors 'none'"));
  CHECK(contains(e->body(), "data-ns=\"grp:a\""));
  auto msg = f.page("GET", "/?message=Hello%20%3Cb%3Eworld%3C/b%3E");
  CHECK(contains(msg->body(), "Hello &lt;b&gt;world&lt;/b&gt;"));
}

TEST_CASE("old-style GET action links only ask for confirmation", "[webui]") {
  Fixture f;
  auto e = f.page("GET", "/index.html?processname=cat&action=stop");
  CHECK(e->status() == 200);
  CHECK(contains(e->body(), "Confirm: Stop cat?"));
  CHECK(f.daemon.find("cat")->statename == "RUNNING");
  for (const auto& call : f.daemon.calls) CHECK(call != "supervisor.stopProcess");
}

TEST_CASE("POST without a valid token or from another origin is refused", "[webui]") {
  Fixture f;
  CHECK(f.page("POST", "/index.html", "action=stop&processname=cat")->status() == 403);
  CHECK(f.page("POST", "/index.html", "action=stop&processname=cat&csrf_token=wrong")->status() == 403);
  CHECK(f.page("POST", "/index.html", "action=stop&processname=cat&csrf_token=" + kToken,
               {{"Origin", "http://evil.example"}})
            ->status() == 403);
  auto json = f.page("POST", "/index.html?action=stopall", "x=1", {{"Accept", "application/json"}});
  CHECK(json->status() == 403);
  CHECK(json->body() == "{\"error\":\"missing CSRF token\"}");
  CHECK(f.daemon.find("cat")->statename == "RUNNING");
}

TEST_CASE("POST with the token acts and redirects with Supervisor's message", "[webui]") {
  Fixture f;
  auto e = f.page("POST", "/index.html?action=stop&processname=cat", "csrf_token=" + kToken,
                  {{"Origin", "http://127.0.0.1:8123"}});
  CHECK(e->status() == 301);
  CHECK(e->header("Location") == "http://127.0.0.1:8123/?message=Process%20cat%20stopped");
  CHECK(f.daemon.find("cat")->statename == "STOPPED");

  auto again = f.page("POST", "/index.html", "action=stop&processname=cat&csrf_token=" + kToken);
  CHECK(again->header("Location") ==
        "http://127.0.0.1:8123/?message=unexpected%20rpc%20fault%20%5B70%5D%20NOT_RUNNING%3A%20cat");

  auto start = f.page("POST", "/index.html", "action=start&processname=grp%3Aa&csrf_token=" + kToken);
  CHECK(start->header("Location") ==
        "http://127.0.0.1:8123/?message=ERROR%3A%20Process%20grp%3Aa%3A%20already%20started");

  auto missing = f.page("POST", "/index.html", "action=stop&processname=nope&csrf_token=" + kToken);
  CHECK(missing->header("Location") == "http://127.0.0.1:8123/?message=No%20such%20process%20named%20nope");

  auto port80 = f.page("POST", "/index.html", "action=clearlog&processname=cat&csrf_token=" + kToken,
                       {{"Host", "example.com:80"}});
  CHECK(port80->header("Location") == "http://example.com/?message=Log%20for%20cat%20cleared");
}

TEST_CASE("JSON replies for the live page, restart all and group actions", "[webui]") {
  Fixture f;
  const std::vector<xmlrpc::HttpHeader> json = {{"Accept", "application/json"}};
  auto all = f.page("POST", "/index.html?action=restartall", "csrf_token=" + kToken, json);
  CHECK(all->status() == 200);
  CHECK(contains(all->body(), "{\"message\":\"All restarted at "));
  CHECK(f.daemon.find("grp:b")->statename == "RUNNING");

  auto group = f.page("POST", "/index.html?action=stopgroup&group=grp", "csrf_token=" + kToken, json);
  CHECK(group->body() == "{\"message\":\"Group grp stopped\"}");
  CHECK(f.daemon.find("grp:a")->statename == "STOPPED");
  CHECK(f.daemon.find("cat")->statename == "RUNNING");
  auto nogroup = f.page("POST", "/index.html?action=startgroup&group=zzz", "csrf_token=" + kToken, json);
  CHECK(nogroup->body() == "{\"message\":\"No such group named zzz\"}");
}

TEST_CASE("unknown actions and missing names are server errors; refresh works by GET", "[webui]") {
  Fixture f;
  CHECK(f.page("GET", "/index.html?action=explode")->status() == 500);
  CHECK(f.page("POST", "/index.html", "action=stop&csrf_token=" + kToken)->status() == 500);
  auto refresh = f.page("GET", "/index.html?action=refresh");
  CHECK(refresh->status() == 301);
  CHECK(contains(*refresh->header("Location"), "/?message=Page%20refreshed%20at%20"));
}

TEST_CASE("status page is a 500 while the daemon shuts down; ok.html stays OK", "[webui]") {
  Fixture f;
  f.daemon.shutting_down = true;
  CHECK(f.page("GET", "/")->status() == 500);
  auto ok = f.page("GET", "/ok.html");
  CHECK(ok->status() == 200);
  CHECK(ok->body() == "OK");
  CHECK(ok->header("Content-Type") == "text/plain");
}

TEST_CASE("tail page shows the escaped stdout tail", "[webui]") {
  Fixture f;
  f.daemon.find("grp:a")->log = "hello <i>there</i>\n";
  auto e = f.page("GET", "/tail.html?processname=grp%3Aa&limit=4096");
  CHECK(e->status() == 200);
  CHECK(contains(e->body(), "<pre id=\"log\">hello &lt;i&gt;there&lt;/i&gt;\n</pre>"));
  CHECK(contains(e->body(), "limit=4096"));
  auto bad = f.page("GET", "/tail.html?processname=nope");
  CHECK(contains(bad->body(), "ERROR: unexpected rpc fault [10] BAD_NAME: nope"));
  auto none = f.page("GET", "/tail.html");
  CHECK(contains(none->body(), "No process name found"));
}

TEST_CASE("a detached UI no longer reaches the daemon", "[webui]") {
  Fixture f;
  f.ui->detach();
  CHECK(f.page("GET", "/")->status() == 500);
  auto e = f.page("POST", "/index.html", "action=stop&processname=cat&csrf_token=" + kToken);
  CHECK(e->status() == 301);
  CHECK(f.daemon.calls.empty());
  CHECK(f.daemon.find("cat")->statename == "RUNNING");
}

TEST_CASE("status.json serves getAllProcessInfo for the live page", "[webui]") {
  Fixture f;
  auto e = make_exchange("GET", "/status.json");
  f.ui->handle_static(e);
  REQUIRE(e->answered());
  CHECK(e->status() == 200);
  CHECK(e->header("Content-Type") == "application/json");
  CHECK(e->header("Cache-Control") == "no-store");
  CHECK(contains(e->body(), "{\"description\":\"pid 42, uptime 0:00:05\",\"group\":\"cat\",\"name\":\"cat\","));
  f.daemon.shutting_down = true;
  auto down = make_exchange("GET", "/status.json");
  f.ui->handle_static(down);
  CHECK(down->status() == 503);
  CHECK(down->body() == "{\"error\":\"SHUTDOWN_STATE\"}");
  auto other = make_exchange("GET", "/images/icon.png");
  f.ui->handle_static(other);
  CHECK(other->status() == 404);
}
