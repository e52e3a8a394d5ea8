#include "test_server.h"

#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>

#include <future>

#include "xmlrpc/faults.h"
#include "xmlrpc/writer.h"

namespace sup::test {

namespace asio = boost::asio;
using namespace xmlrpc;

void install_test_methods(Registry& registry, asio::io_context& io, RouteStats& stats) {
  registry.add({"test.echo", {}, "Echo: one param comes back as is, several as an array.\n", -1,
                [](const Array& params, const Responder& respond) {
                  respond(params.size() == 1 ? params[0] : Value(params));
                }});
  registry.add({"test.add", {"int", "int", "int"}, "Sum.\n@param int a\n@param int b\n@return int sum\n", -1,
                [](const Array& params, const Responder& respond) {
                  if (!params[0].is_int() || !params[1].is_int()) {
                    respond(HttpError{500, "<class 'TypeError'>:not ints"});
                    return;
                  }
                  respond(Value(params[0].as_int() + params[1].as_int()));
                }});
  registry.add({"test.later", {"string", "int", "string"}, "Answer after ms milliseconds.\n", 1,
                [&io](const Array& params, const Responder& respond) {
                  auto timer = std::make_shared<asio::steady_timer>(io, std::chrono::milliseconds(params[0].as_int()));
                  Value answer = params.size() > 1 ? params[1] : Value("done");
                  timer->async_wait([timer, respond, answer](boost::system::error_code) { respond(answer); });
                }});
  registry.add({"test.fail", {"boolean", "int", "string"}, "Fault.\n", -1,
                [](const Array& params, const Responder& respond) {
                  respond.fault(static_cast<int>(params[0].as_int()), params[1].as_string());
                }});
  registry.add({"test.boom", {"boolean"}, "HTTP 500.\n", -1,
                [](const Array&, const Responder& respond) { respond(HttpError{}); }});
  registry.add({"test.overflow", {"int"}, "Too big.\n", -1,
                [](const Array&, const Responder& respond) { respond(Value(std::int64_t{1} << 31)); }});
  registry.add({"test.big", {"array", "int"}, "n process-info-like structs.\n", -1,
                [](const Array& params, const Responder& respond) {
                  EncodedValue out;
                  Writer w(out.xml);
                  w.begin_array();
                  for (std::int64_t i = 0; i < params[0].as_int(); ++i) {
                    w.begin_struct();
                    w.member_string("name", "proc_" + std::to_string(i));
                    w.member_string("group", "group");
                    w.member_int("pid", 1000 + i);
                    w.member_string("description", "pid 1234, uptime 0:00:01 <&>");
                    w.end_struct();
                  }
                  w.end_array();
                  respond(std::move(out));
                }});
  registry.add({"test.stats", {"struct"}, "Route counters.\n", -1,
                [&stats](const Array&, const Responder& respond) {
                  respond(Value(Struct{{"streams_closed", stats.streams_closed.load()}}));
                }});
}

namespace {

// Writes "tick N" every 50 ms until the client goes away.
void tick(std::shared_ptr<HttpExchange> exchange, std::shared_ptr<asio::steady_timer> timer, int n) {
  timer->expires_after(std::chrono::milliseconds(50));
  timer->async_wait([exchange, timer, n](boost::system::error_code ec) {
    if (ec || !exchange->is_open()) return;
    if (!exchange->write("tick " + std::to_string(n) + "\n")) return;
    tick(exchange, timer, n + 1);
  });
}

}  // namespace

void install_test_routes(HttpServer& server, const Registry& registry, asio::io_context& io, RouteStats& stats) {
  server.add_route({match_prefix("/RPC2"), {"POST"}, registry.http_handler()});
  server.add_route({match_prefix("/logtail"), {"GET"}, [&io, &stats](std::shared_ptr<HttpExchange> exchange) {
                      exchange->on_close([&stats] { ++stats.streams_closed; });
                      exchange->begin_stream(200, {{"Content-Type", "text/plain;charset=utf-8"}, {"X-Accel-Buffering", "no"}});
                      exchange->write("hello\n");
                      tick(exchange, std::make_shared<asio::steady_timer>(io), 1);
                    }});
  server.add_route({match_prefix("/finite"), {"GET"}, [](std::shared_ptr<HttpExchange> exchange) {
                      exchange->begin_stream(200, {{"Content-Type", "text/plain"}});
                      exchange->write("one ");
                      exchange->write("two ");
                      exchange->write("three");
                      exchange->end_stream();
                    }});
  server.add_route({match_pages({"ok.html", "form"}), {"GET", "POST"}, [](std::shared_ptr<HttpExchange> exchange) {
                      HttpResponse r;
                      r.headers.push_back({"Content-Type", "text/plain"});
                      r.body = exchange->request().method == "POST" ? "posted:" + exchange->request().body : "OK";
                      exchange->reply(std::move(r));
                    }});
  server.add_route({match_prefix("/"), {"GET", "HEAD"}, [](std::shared_ptr<HttpExchange> exchange) {
                      if (exchange->request().path != "/static.txt") {
                        exchange->reply_error(404);
                        return;
                      }
                      HttpResponse r;
                      r.headers.push_back({"Content-Type", "text/plain"});
                      r.body = "static file\n";
                      exchange->reply(std::move(r));
                    }});
}

TestServer::TestServer(std::vector<sup::HttpServerConfig> configs, HttpLimits limits)
    : work_(asio::make_work_guard(io_)), server_(std::make_unique<HttpServer>(io_, std::move(configs), limits)) {
  install_test_methods(registry_, io_, stats_);
  install_test_routes(*server_, registry_, io_, stats_);
}

TestServer::~TestServer() { stop(); }

std::optional<HttpStartError> TestServer::start() {
  if (auto err = server_->start()) return err;
  ports_ = server_->inet_ports();
  thread_ = std::thread([this] { io_.run(); });
  return std::nullopt;
}

std::size_t TestServer::connection_count() {
  if (!thread_.joinable()) return server_->connection_count();
  std::promise<std::size_t> result;
  asio::post(io_, [&] { result.set_value(server_->connection_count()); });
  return result.get_future().get();
}

void TestServer::stop() {
  if (thread_.joinable()) {
    std::promise<void> stopped;
    asio::post(io_, [&] {
      server_->stop();
      stopped.set_value();
    });
    stopped.get_future().wait();
    work_.reset();
    io_.stop();
    thread_.join();
  }
  server_->stop();
}

sup::HttpServerConfig inet_config(int port, std::optional<std::string> user, std::optional<std::string> password) {
  sup::HttpServerConfig c;
  c.type = sup::HttpServerConfig::Type::kInet;
  c.section = "inet_http_server";
  c.host = "127.0.0.1";
  c.port = port;
  c.username = std::move(user);
  c.password = std::move(password);
  return c;
}

sup::HttpServerConfig unix_config(const std::string& path, mode_t mode) {
  sup::HttpServerConfig c;
  c.type = sup::HttpServerConfig::Type::kUnix;
  c.section = "unix_http_server";
  c.file = path;
  c.chmod = mode;
  return c;
}

}  // namespace sup::test
