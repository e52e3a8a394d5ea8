// The web status page's HTTP side: routes for /, /index.html, /tail.html, /ok.html (GET and
// POST) and for the embedded assets under /ui/ (GET and HEAD), on the daemon's HttpServer.
// Basic auth is the server's (it checks every route alike, http-xmlrpc.md §3.5).
//
// The daemon's http_frontend calls, after adding its /RPC2, /logtail and /mainlogtail routes
// (the page route must come after them and the asset route matches everything left):
//
//   web_ui_ = sup::webui::register_web_ui(server, sup::webui::rpc_from_registry(registry));
//
// and `web_ui_->detach()` when it closes the server, before the registry is destroyed.
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "web-ui/csrf_guard.h"
#include "web-ui/rpc_port.h"
#include "xmlrpc/http_server.h"
#include "xmlrpc/registry.h"

namespace sup::webui {

// The live page's poll: getAllProcessInfo as JSON (GET; served by the catch-all route).
inline constexpr std::string_view kStatusJsonPath = "/status.json";
// Ours: the live page's figures (supervisor_cpp.getAllProcessStats as JSON), polled only
// while the page's "Figures" switch is on, so /proc is read only when someone looks.
inline constexpr std::string_view kStatsJsonPath = "/stats.json";

// Lives as long as the routes that hold it (shared by their handlers).
class WebUi final : public std::enable_shared_from_this<WebUi> {
 public:
  WebUi(RpcCall rpc, CsrfGuard guard);

  // From now on every call the UI makes (also the second half of a restart still waiting on
  // its stop) is answered SHUTDOWN_STATE without reaching `rpc`. For owners whose RPC target
  // dies before in-flight requests do (HttpFrontend::close before its registry goes).
  void detach() { *attached_ = false; }

  // GET/POST /, /index.html, /tail.html, /ok.html.
  void handle_page(const std::shared_ptr<xmlrpc::HttpExchange>& exchange);
  // GET/HEAD of anything else: /ui/<asset>, /status.json, else 404.
  void handle_static(const std::shared_ptr<xmlrpc::HttpExchange>& exchange);

  const CsrfGuard& guard() const { return guard_; }

 private:
  void handle_index(const std::shared_ptr<xmlrpc::HttpExchange>& exchange);
  void handle_tail(const std::shared_ptr<xmlrpc::HttpExchange>& exchange);
  void handle_status_json(const std::shared_ptr<xmlrpc::HttpExchange>& exchange);
  // `method`'s answer as a JSON body (503 with the fault text when it fails).
  void reply_json(const std::shared_ptr<xmlrpc::HttpExchange>& exchange, const std::string& method);

  std::shared_ptr<bool> attached_ = std::make_shared<bool>(true);
  RpcCall rpc_;  // wraps the caller's, checking attached_
  CsrfGuard guard_;
};

// Adds the page route and the catch-all asset route to `server` (before start()).
std::shared_ptr<WebUi> register_web_ui(xmlrpc::HttpServer& server, RpcCall rpc, CsrfGuard guard = CsrfGuard());

// Binds the web UI to the daemon's method registry: in-process calls of the same methods,
// through the registry's call filter (SHUTDOWN_STATE). `registry` must outlive the server.
RpcCall rpc_from_registry(const xmlrpc::Registry& registry);

}  // namespace sup::webui
