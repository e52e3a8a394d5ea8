// GET /logtail/<namespec>[/<channel>] and GET /mainlogtail (http-xmlrpc.md §5.1, §5.2).
#pragma once

#include <memory>

#include "xmlrpc/http_server.h"

namespace sup {

class Supervisor;

// The log file a /logtail request designates, or the HTTP status to answer instead
// (404 for unknown names, channels and absent files; 500 for a path without a process part,
// where Supervisor fails).
struct LogtailTarget {
  int status = 200;
  std::string path;
};
LogtailTarget resolve_logtail_target(const Supervisor& supervisor, const std::string& request_path);

// Handlers for the routes; `supervisor` must outlive the routes (they are removed with the
// HTTP servers of its incarnation). Streams keep only the file path, not the supervisor.
void serve_logtail(Supervisor& supervisor, const std::shared_ptr<xmlrpc::HttpExchange>& exchange);
void serve_mainlogtail(Supervisor& supervisor, const std::shared_ptr<xmlrpc::HttpExchange>& exchange);

}  // namespace sup
