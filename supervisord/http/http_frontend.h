// The daemon's HTTP front end: for each incarnation, one HttpServer with a listener per
// [inet_http_server] / [unix_http_server], serving XML-RPC on /RPC2, /logtail, /mainlogtail
// and the web UI (http-xmlrpc.md §1, §4), created by ServerHooks::open once the groups exist
// and closed by ServerHooks::close before a reload or exit.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "supervisord/core/server_hooks.h"
#include "supervisord/rpc/process_figures.h"
#include "supervisord/rpc/rpc_own.h"
#include "supervisord/rpc/rpc_supervisor.h"
#include "xmlrpc/http_server.h"
#include "xmlrpc/registry.h"

namespace sup {
namespace webui {
class WebUi;
}

class HttpFrontend final {
 public:
  // `supervisor` must outlive this object.
  explicit HttpFrontend(Supervisor& supervisor);
  ~HttpFrontend();
  HttpFrontend(const HttpFrontend&) = delete;
  HttpFrontend& operator=(const HttpFrontend&) = delete;

  // Logs as Supervisor does, binds every configured socket. Returns the error text (the
  // daemon prints it after "Error: " and exits 2); nothing stays open then.
  std::optional<std::string> open();
  void close();

 private:
  Supervisor& supervisor_;
  SupervisorRpc rpc_;
  FigureSampler sampler_;  // shared by supervisor_cpp.* and /metrics
  OwnRpc own_rpc_;
  // What /RPC2 serves: supervisor.* only with an [rpcinterface:supervisor] section.
  xmlrpc::Registry registry_;
  // What the web UI calls in-process: always supervisor.*, as Supervisor's UI uses the
  // interface directly.
  xmlrpc::Registry ui_registry_;
  std::unique_ptr<xmlrpc::HttpServer> server_;
  std::shared_ptr<webui::WebUi> web_ui_;
};

// Hooks that keep one HttpFrontend per incarnation.
ServerHooks make_http_server_hooks();

}  // namespace sup
