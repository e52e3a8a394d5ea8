// Cross-site request checks shared by /RPC2 and the web UI: a browser always names the page
// that sent a POST (Origin, else Referer), so a request from another site can be told apart
// from the daemon's own page and from non-browser clients (which send neither).
#pragma once

#include <string_view>

#include "xmlrpc/http_message.h"

namespace xmlrpc {

// True when neither Origin nor Referer is present, or when the one present names
// http(s)://<Host header> (compared case-insensitively).
bool same_origin(const HttpRequest& request);

}  // namespace xmlrpc
