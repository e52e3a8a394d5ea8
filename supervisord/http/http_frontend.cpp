#include "supervisord/http/http_frontend.h"

#include <algorithm>

#include <unistd.h>

#include "supervisord/http/logtail_handler.h"
#include "supervisord/http/metrics.h"
#include "supervisord/core/supervisor.h"
#include "web-ui/web_ui.h"
#include "xmlrpc/http_origin.h"
#include "xmlrpc/inet_probe.h"

namespace sup {
namespace {

constexpr std::string_view kMainInterface = "supervisor";

bool has_main_interface(const SupervisordConfig& config) {
  return std::any_of(config.rpcinterfaces.begin(), config.rpcinterfaces.end(),
                     [](const RpcInterfaceConfig& r) { return r.name == kMainInterface; });
}

}  // namespace

HttpFrontend::HttpFrontend(Supervisor& supervisor)
    : supervisor_(supervisor), rpc_(supervisor), sampler_(supervisor.os()), own_rpc_(supervisor, sampler_) {
  if (has_main_interface(supervisor_.config().supervisord)) {
    rpc_.register_methods(registry_);
    own_rpc_.register_methods(registry_);
  }
  rpc_.register_methods(ui_registry_);
  own_rpc_.register_methods(ui_registry_);
}

HttpFrontend::~HttpFrontend() { close(); }

std::optional<std::string> HttpFrontend::open() {
  const SupervisordConfig& config = supervisor_.config().supervisord;
  if (config.http_servers.empty()) return std::nullopt;
  const bool main_interface = has_main_interface(config);
  for (const HttpServerConfig& server : config.http_servers) {
    // Supervisor builds the interfaces once per server and says so each time.
    if (main_interface) supervisor_.log().info("RPC interface 'supervisor' initialized");
    if (!server.username) {
      supervisor_.log().critical("Server '" + server.section + "' running without any HTTP authentication checking");
    }
  }
  server_ = std::make_unique<xmlrpc::HttpServer>(supervisor_.io(), config.http_servers);
  Supervisor& sup = supervisor_;
  // A browser names the page behind every POST; one from another site must not drive the
  // daemon (Supervisor accepts it: a form on any web page could stop every process).
  server_->add_route({xmlrpc::match_prefix("/RPC2"), {"POST"},
                      [rpc = registry_.http_handler()](std::shared_ptr<xmlrpc::HttpExchange> exchange) {
                        if (!xmlrpc::same_origin(exchange->request())) return exchange->reply_error(403);
                        rpc(std::move(exchange));
                      }});
  server_->add_route({xmlrpc::match_prefix("/logtail"), {"GET"},
                      [&sup](std::shared_ptr<xmlrpc::HttpExchange> exchange) { serve_logtail(sup, exchange); }});
  server_->add_route({xmlrpc::match_prefix("/mainlogtail"), {"GET"},
                      [&sup](std::shared_ptr<xmlrpc::HttpExchange> exchange) { serve_mainlogtail(sup, exchange); }});
  server_->add_route({xmlrpc::match_pages({std::string(kMetricsPath.substr(1))}), {"GET", "HEAD"},
                      [this](std::shared_ptr<xmlrpc::HttpExchange> exchange) {
                        xmlrpc::HttpResponse response;
                        response.status = 200;
                        response.headers.push_back({"Content-Type", std::string(kMetricsContentType)});
                        response.body = render_metrics(supervisor_, sampler_, sample_process(::getpid()));
                        exchange->reply(std::move(response));
                      }});
  web_ui_ = webui::register_web_ui(*server_, webui::rpc_from_registry(ui_registry_));
  if (auto error = server_->start()) {
    server_.reset();
    return error->message;
  }
  return std::nullopt;
}

void HttpFrontend::close() {
  // A slow page action may answer after this; it must find the UI detached, not a dead registry.
  if (web_ui_) web_ui_->detach();
  web_ui_.reset();
  if (!server_) return;
  server_->stop();
  server_.reset();
}

ServerHooks make_http_server_hooks() {
  // Shared by the two hooks; holds the frontend of the current incarnation.
  auto current = std::make_shared<std::unique_ptr<HttpFrontend>>();
  ServerHooks hooks;
  hooks.open = [current](Supervisor& supervisor) -> std::optional<std::string> {
    current->reset();
    *current = std::make_unique<HttpFrontend>(supervisor);
    auto error = (*current)->open();
    if (error) current->reset();
    return error;
  };
  hooks.close = [current] { current->reset(); };
  // Only inet addresses the current incarnation does not hold can be probed; those it holds
  // are free again once it closes them. Unix sockets are replaced by path.
  hooks.check_restart = [](const Config& current, const Config& next) -> std::optional<std::string> {
    for (const HttpServerConfig& wanted : next.supervisord.http_servers) {
      if (wanted.type != HttpServerConfig::Type::kInet) continue;
      bool held = std::any_of(current.supervisord.http_servers.begin(), current.supervisord.http_servers.end(),
                              [&wanted](const HttpServerConfig& c) {
                                return c.type == HttpServerConfig::Type::kInet && c.port == wanted.port &&
                                       c.host == wanted.host;
                              });
      if (held) continue;
      if (auto error = xmlrpc::probe_inet_listen(wanted.host, wanted.port)) return error;
    }
    return std::nullopt;
  };
  return hooks;
}

}  // namespace sup
