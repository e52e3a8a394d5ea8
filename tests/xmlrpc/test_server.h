// A real xmlrpc::HttpServer with a few test methods and routes, used in-process by the
// server tests (io_context on a background thread) and by the echo server binary that the
// Python xmlrpc.client test talks to.
#pragma once

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>

#include <atomic>
#include <memory>
#include <optional>
#include <thread>
#include <vector>

#include "common/config.h"
#include "xmlrpc/http_server.h"
#include "xmlrpc/registry.h"

namespace sup::test {

// Counters the routes update (atomics: read from the test thread).
struct RouteStats {
  std::atomic<int> streams_closed{0};
};

// test.echo, test.add, test.later (deferred by a timer), test.fail, test.boom (HTTP 500),
// test.overflow (int beyond 32 bits), test.big (EncodedValue of n structs), test.stats.
void install_test_methods(xmlrpc::Registry& registry, boost::asio::io_context& io, RouteStats& stats);

// POST /RPC2*, GET /logtail* (endless stream: "hello\n" then a tick every 50 ms),
// GET /finite (three chunks then end), GET|POST ok.html/form pages, GET|HEAD /static.txt.
void install_test_routes(xmlrpc::HttpServer& server, const xmlrpc::Registry& registry, boost::asio::io_context& io,
                         RouteStats& stats);

class TestServer {
 public:
  explicit TestServer(std::vector<sup::HttpServerConfig> configs, xmlrpc::HttpLimits limits = {});
  ~TestServer();
  TestServer(const TestServer&) = delete;
  TestServer& operator=(const TestServer&) = delete;

  // Opens the sockets and starts the loop thread; the error if start() failed.
  std::optional<xmlrpc::HttpStartError> start();
  int port(std::size_t i = 0) const { return ports_.at(i); }
  std::size_t connection_count();  // asked on the loop thread
  RouteStats& stats() { return stats_; }
  void stop();

 private:
  boost::asio::io_context io_;
  boost::asio::executor_work_guard<boost::asio::io_context::executor_type> work_;
  RouteStats stats_;
  xmlrpc::Registry registry_;
  std::unique_ptr<xmlrpc::HttpServer> server_;
  std::vector<int> ports_;
  std::thread thread_;
};

sup::HttpServerConfig inet_config(int port = 0, std::optional<std::string> user = std::nullopt,
                                  std::optional<std::string> password = std::nullopt);
sup::HttpServerConfig unix_config(const std::string& path, mode_t mode = 0700);

}  // namespace sup::test
