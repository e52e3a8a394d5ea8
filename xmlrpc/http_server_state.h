// Internal to the HTTP server: what listeners and connections share. Connections hold a
// shared_ptr to it, so one that outlives the HttpServer object still has valid limits and
// routes (stop() closes them all anyway).
#pragma once

#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "xmlrpc/http_admission.h"
#include "xmlrpc/http_auth.h"
#include "xmlrpc/http_server.h"

namespace xmlrpc {

// An open listening socket; close() stops accepting.
class ListenerBase {
 public:
  virtual ~ListenerBase() = default;
  virtual void close() = 0;
};

// Per configured server section: what its connections need to know.
struct ListenerInfo {
  std::string section;
  bool unix_socket = false;
  std::string server_name;
  std::optional<BasicCredentials> auth;  // nullopt: no authentication
};

struct HttpServer::State {
  HttpLimits limits;
  std::vector<HttpRoute> routes;
  // One per listener that start() opened; stop() closes their connections.
  std::vector<std::shared_ptr<ConnectionTable>> tables;
  // What start() opened. Listeners point back to the state; stop() clears this, breaking the cycle.
  std::vector<std::shared_ptr<ListenerBase>> listeners;
  std::vector<std::string> unix_paths;  // socket files to remove at stop()
  std::vector<int> inet_ports;
};

}  // namespace xmlrpc
