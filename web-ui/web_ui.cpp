#include "web-ui/web_ui.h"

#include <utility>

#include "web-ui/form_params.h"
#include "web-ui/page_actions.h"
#include "web-ui/page_response.h"
#include "web-ui/static_assets.h"
#include "common/own_namespace.h"
#include "web-ui/status_page.h"
#include "web-ui/tail_page.h"
#include "web-ui/value_json.h"
#include "xmlrpc/codec.h"
#include "xmlrpc/faults.h"

namespace sup::webui {
namespace {

using ExchangePtr = std::shared_ptr<xmlrpc::HttpExchange>;

std::string page_name(const xmlrpc::HttpRequest& request) {
  std::string_view path = request.path;
  while (!path.empty() && path.front() == '/') path.remove_prefix(1);
  return std::string(path);
}

bool is_page(const xmlrpc::HttpRequest& request) {
  if (request.method != "GET" && request.method != "POST") return false;
  const std::string name = page_name(request);
  return name.empty() || name == "index.html" || name == "tail.html" || name == "ok.html";
}

std::string string_or(const RpcOutcome& outcome, std::string fallback) {
  const auto* v = std::get_if<xmlrpc::Value>(&outcome);
  return v != nullptr && v->is_string() ? v->as_string() : std::move(fallback);
}

// Fetches what the status page shows and renders it; 500 when the daemon refuses (shutdown).
void render_status(const RpcCall& rpc, ExchangePtr exchange, StatusView view) {
  rpc("supervisor.getAllProcessInfo", {}, [rpc, exchange, view = std::move(view)](RpcOutcome all) mutable {
    const auto* value = std::get_if<xmlrpc::Value>(&all);
    if (value == nullptr || !value->is_array()) return exchange->reply(error_page(500));
    view.processes = rows_from_process_info(*value);
    rpc("supervisor.getIdentification", {}, [rpc, exchange, view = std::move(view)](RpcOutcome ident) mutable {
      view.identification = string_or(ident, "supervisor");
      rpc("supervisor.getSupervisorVersion", {}, [exchange, view = std::move(view)](RpcOutcome version) mutable {
        view.version = string_or(version, "");
        exchange->reply(html_page(render_status_page(view)));
      });
    });
  });
}

}  // namespace

WebUi::WebUi(RpcCall rpc, CsrfGuard guard)
    : rpc_([attached = attached_, rpc = std::move(rpc)](const std::string& method, xmlrpc::Array params, RpcDone done) {
        if (!*attached) return done(xmlrpc::Fault{xmlrpc::faults::kShutdownState, "SHUTDOWN_STATE"});
        rpc(method, std::move(params), std::move(done));
      }),
      guard_(std::move(guard)) {}

void WebUi::handle_page(const ExchangePtr& exchange) {
  const std::string name = page_name(exchange->request());
  if (name == "ok.html") {
    xmlrpc::HttpResponse ok;
    ok.headers.push_back({"Content-Type", "text/plain"});
    ok.body = "OK";
    return exchange->reply(std::move(ok));
  }
  if (name == "tail.html") return handle_tail(exchange);
  handle_index(exchange);
}

void WebUi::handle_index(const ExchangePtr& exchange) {
  const xmlrpc::HttpRequest& request = exchange->request();
  const FormParams params = FormParams::from_request(request);
  StatusView view;
  view.csrf_token = guard_.token();
  view.filter.text = params.get_or("filter");
  view.filter.state = params.get_or("state");

  const auto action_param = params.get("action");
  if (!action_param) {
    view.message = params.get_or("message");
    return render_status(rpc_, exchange, std::move(view));
  }
  const auto kind = parse_action(*action_param);
  if (!kind) return exchange->reply(error_page(500));  // as Supervisor: unknown action
  Action action{*kind, {}};
  switch (action_target(*kind)) {
    case ActionTarget::kProcess: action.target = params.get_or("processname"); break;
    case ActionTarget::kGroup: action.target = params.get_or("group"); break;
    case ActionTarget::kNone: break;
  }
  if (action_target(*kind) != ActionTarget::kNone && action.target.empty()) return exchange->reply(error_page(500));

  // GET links never change state: anything but refresh is shown for confirmation by POST.
  if (request.method != "POST" && *kind != ActionKind::kRefresh) {
    view.confirmation = action;
    return render_status(rpc_, exchange, std::move(view));
  }
  if (request.method == "POST") {
    const auto token = params.get(std::string(kTokenField));
    const CsrfVerdict verdict = guard_.check(request, token ? &*token : nullptr);
    if (verdict != CsrfVerdict::kAllowed) {
      if (wants_json(request)) return exchange->reply(json_message(403, "error", to_string(verdict)));
      return exchange->reply(error_page(403));
    }
  }
  const bool json = wants_json(request);
  run_action(rpc_, action, [exchange, json](std::string message) {
    if (json) return exchange->reply(json_message(200, "message", message));
    exchange->reply(redirect_with_message(exchange->request(), message));
  });
}

void WebUi::handle_tail(const ExchangePtr& exchange) {
  const FormParams params = FormParams::from_request(exchange->request());
  TailView view;
  view.namespec = params.get("processname");
  view.limit = tail_limit(params.get("limit"));
  if (params.get_or("channel") == "stderr") view.channel = "stderr";
  if (!view.namespec) {
    view.text = "No process name found";
    return exchange->reply(html_page(render_tail_page(view)));
  }
  const std::string method =
      view.channel == "stderr" ? "supervisor.readProcessStderrLog" : "supervisor.readProcessStdoutLog";
  const std::string ns = *view.namespec;
  xmlrpc::Array args{ns, -view.limit, 0};
  rpc_(method, std::move(args), [exchange, view = std::move(view), ns](RpcOutcome r) mutable {
    if (const auto* f = std::get_if<xmlrpc::Fault>(&r)) {
      view.text = f->code == xmlrpc::faults::kNoFile ? "No file for " + ns
                                                     : "ERROR: unexpected rpc fault [" + std::to_string(f->code) + "] " + f->string;
    } else {
      view.text = string_or(r, "");
    }
    exchange->reply(html_page(render_tail_page(view)));
  });
}

void WebUi::handle_status_json(const ExchangePtr& exchange) { reply_json(exchange, "supervisor.getAllProcessInfo"); }

void WebUi::reply_json(const ExchangePtr& exchange, const std::string& method) {
  rpc_(method, {}, [exchange](RpcOutcome all) {
    const auto* value = std::get_if<xmlrpc::Value>(&all);
    if (value == nullptr) {
      const auto& f = std::get<xmlrpc::Fault>(all);
      return exchange->reply(json_message(503, "error", f.string));
    }
    xmlrpc::HttpResponse r;
    r.headers = {{"Content-Type", "application/json"}, {"Cache-Control", "no-store"}, {"X-Content-Type-Options", "nosniff"}};
    r.body = to_json(*value);
    exchange->reply(std::move(r));
  });
}

void WebUi::handle_static(const ExchangePtr& exchange) {
  const xmlrpc::HttpRequest& request = exchange->request();
  if (request.path == kStatusJsonPath) return handle_status_json(exchange);
  if (request.path == kStatsJsonPath) return reply_json(exchange, own_method("getAllProcessStats"));
  if (request.path.rfind(kAssetPrefix, 0) != 0) return exchange->reply(xmlrpc::error_response(404));
  exchange->reply(asset_response(request));
}

std::shared_ptr<WebUi> register_web_ui(xmlrpc::HttpServer& server, RpcCall rpc, CsrfGuard guard) {
  auto ui = std::make_shared<WebUi>(std::move(rpc), std::move(guard));
  server.add_route({is_page, {"GET", "POST"}, [ui](ExchangePtr e) { ui->handle_page(e); }});
  server.add_route({[](const xmlrpc::HttpRequest&) { return true; }, {"GET", "HEAD"},
                    [ui](ExchangePtr e) { ui->handle_static(e); }});
  return ui;
}

RpcCall rpc_from_registry(const xmlrpc::Registry& registry) {
  return [&registry](const std::string& method, xmlrpc::Array params, RpcDone done) {
    registry.call(method, params, xmlrpc::Responder([done = std::move(done)](xmlrpc::Reply reply) {
      if (auto* value = std::get_if<xmlrpc::Value>(&reply)) return done(std::move(*value));
      if (auto* fault = std::get_if<xmlrpc::Fault>(&reply)) return done(std::move(*fault));
      if (auto* encoded = std::get_if<xmlrpc::EncodedValue>(&reply)) {
        // Large replies come pre-encoded; read them back as a client would.
        std::string body(xmlrpc::kResponseHead);
        body += encoded->xml;
        body += xmlrpc::kResponseTail;
        auto parsed = xmlrpc::parse_method_response(body);
        if (auto* v = std::get_if<xmlrpc::Value>(&parsed)) return done(std::move(*v));
        if (auto* f = std::get_if<xmlrpc::Fault>(&parsed)) return done(std::move(*f));
        return done(xmlrpc::Fault{xmlrpc::faults::kFailed, "FAILED: undecodable reply"});
      }
      const auto& error = std::get<xmlrpc::HttpError>(reply);
      done(xmlrpc::Fault{xmlrpc::faults::kFailed, "FAILED: " + error.message});
    }));
  };
}

}  // namespace sup::webui
