// supervisord's HTTP server on the caller's single-threaded io_context: every configured
// [inet_http_server] / [unix_http_server] gets a listener, all share one route table
// (spec §1, §2, §3, §4). Requests are parsed by Boost.Beast; responses are laid out as
// Medusa lays them out (Server/Date first, its error page, its keep-alive rules).
//
// Handlers run on the loop and answer through an HttpExchange, at once or later, with a
// complete response or a body streamed over time (/logtail). The server never blocks the
// loop after start().
#pragma once

#include <boost/asio/io_context.hpp>

#include <chrono>
#include <cstddef>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "common/config.h"
#include "xmlrpc/http_message.h"

namespace xmlrpc {

// One request being answered. Owned jointly by the server and the handler (shared_ptr); the
// connection stays open while a response is pending. All calls must be made on the loop.
class HttpExchange {
 public:
  virtual ~HttpExchange() = default;

  virtual const HttpRequest& request() const = 0;

  // Sends a complete response (exactly one of reply / reply_error / begin_stream per request;
  // later calls are ignored). For HEAD only the head is sent.
  virtual void reply(HttpResponse response) = 0;
  virtual void reply_error(int status) = 0;

  // Starts a response without Content-Length. HTTP/1.1 keep-alive requests get chunked
  // encoding; others get raw bytes and the connection closes at end_stream().
  virtual void begin_stream(int status, HttpHeaders headers) = 0;
  // Queues body bytes. False once the client is gone or has fallen further behind than the
  // output cap (the connection is then closed): the producer should stop.
  virtual bool write(std::string_view data) = 0;
  // Ends the stream (chunked: last chunk) and closes the connection after flushing.
  virtual void end_stream() = 0;

  // False once the connection is closed (client went away, error, server stopped).
  virtual bool is_open() const = 0;
  // Called once when the connection closes; lets a producer drop its reference.
  virtual void on_close(std::function<void()> callback) = 0;
};

using HttpHandler = std::function<void(std::shared_ptr<HttpExchange>)>;

struct HttpRoute {
  std::function<bool(const HttpRequest&)> match;  // first matching route takes the request
  std::vector<std::string> methods;  // accepted methods (case-sensitive); others get 400
  HttpHandler handler;
};

// Match helpers for the rules of spec §4.
// The raw URI (query included) starts with `prefix`, e.g. "/RPC2", "/logtail".
std::function<bool(const HttpRequest&)> match_prefix(std::string prefix);
// The decoded path with leading '/'s stripped is one of `pages` ("" for "/").
std::function<bool(const HttpRequest&)> match_pages(std::vector<std::string> pages);

// The defaults are what the daemon uses; tests shrink them. None is a setting of Supervisor's,
// whose Medusa server has no limits at all (one client holding a few hundred silent
// connections locks every other client out).
struct HttpLimits {
  std::size_t max_header_bytes = 64 * 1024;         // larger heads get 400
  std::size_t max_body_bytes = 64 * 1024 * 1024;    // larger bodies get 413
  std::size_t max_stream_backlog = 8 * 1024 * 1024;  // queued stream output before dropping
  // Connections served at once per listener (each [inet_http_server] / [unix_http_server]
  // has its own slots; see http_admission.h for how a full listener makes room). Past them, a
  // newcomer gets 503. They bound the descriptors clients can hold: 512 + 256 leaves room for
  // the daemon's children and logs under the usual soft limit of 1,024. The unix socket is for
  // local tools (supervisorctl, scripts); the inet port also carries browsers, which keep
  // several connections each.
  std::size_t max_inet_connections = 512;
  std::size_t max_unix_connections = 256;
  // Connections per client address on an inet listener: room for a few browsers (six
  // connections each) and scripts behind one address, while one attacking host can only
  // churn its own connections, never shed those of other clients.
  std::size_t max_connections_per_peer = 64;
  // From accept to the first byte of the first request: clients send their request at once
  // (browsers that open spare connections reopen them when closed).
  std::chrono::milliseconds first_byte_timeout = std::chrono::seconds(5);
  // From the first byte of a request to the end of its head: a head is one packet; ten seconds
  // allow for a few lost ones, and a slow loris holds a slot no longer.
  std::chrono::milliseconds header_timeout = std::chrono::seconds(10);
  // Waiting for the next request on a kept-alive connection (Medusa reaps idle channels after
  // 30 minutes). Such a connection is the first to go when a listener needs room.
  std::chrono::milliseconds idle_timeout = std::chrono::minutes(30);
  // For a request body, once its head was accepted (authenticated when the listener has a
  // password).
  std::chrono::milliseconds body_timeout = std::chrono::seconds(300);
  // One write that makes no progress for this long drops the connection.
  std::chrono::milliseconds write_timeout = std::chrono::seconds(300);
  int listen_backlog = 1024;
};

struct HttpStartError {
  std::string message;  // as supervisord prints it after "Error: " (e.g. kAddressInUseMessage)
};

class HttpServer final {
 public:
  // `io` must outlive the server. Nothing is opened before start().
  HttpServer(boost::asio::io_context& io, std::vector<sup::HttpServerConfig> servers, HttpLimits limits = {});
  ~HttpServer();  // stop()
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  // Routes are tried in the order added; add them before start(). Requests no route takes get 404.
  void add_route(HttpRoute route);

  // Opens every listener (blocking, start-up only). On failure nothing stays open.
  std::optional<HttpStartError> start();

  // Closes listeners and connections and removes the unix socket files this server created.
  void stop();

  // Ports actually bound by the inet listeners, in config order (useful with port 0).
  std::vector<int> inet_ports() const;
  std::size_t connection_count() const;

  struct State;  // shared with live connections, which may outlive the server object

 private:
  boost::asio::io_context& io_;
  std::vector<sup::HttpServerConfig> servers_;
  std::shared_ptr<State> state_;
};

}  // namespace xmlrpc
