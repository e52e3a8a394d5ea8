// Response builders shared by the web UI's pages: headers every rendered page carries
// (no-cache as Supervisor sends them, plus our security headers), the 301 after an action,
// and the small JSON replies status.js asks for.
#pragma once

#include <string>
#include <string_view>

#include "xmlrpc/http_message.h"

namespace sup::webui {

// 200 text/html;charset=utf-8 with the no-cache and security headers.
xmlrpc::HttpResponse html_page(std::string body);

// 301 to "<server url>/?message=<quoted message>" (web-ui.md §3.1): the server URL comes from
// the Host header (":80" dropped); without one, a relative "/?message=…".
xmlrpc::HttpResponse redirect_with_message(const xmlrpc::HttpRequest& request, std::string_view message);

// An error page for `status` with the security headers added.
xmlrpc::HttpResponse error_page(int status);

// application/json `{"<key>": "<text>"}` with `status`.
xmlrpc::HttpResponse json_message(int status, std::string_view key, std::string_view text);

// The client (status.js) asked for JSON rather than a page or redirect.
bool wants_json(const xmlrpc::HttpRequest& request);

}  // namespace sup::webui
