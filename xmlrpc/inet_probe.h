// Whether an [inet_http_server] address could be listened on now, without keeping it: the
// check a reload makes before it stops anything (a reload whose new port is taken keeps the
// daemon running on its current configuration instead of exiting).
#pragma once

#include <optional>
#include <string>

namespace xmlrpc {

// Binds and closes host:port ("" or "*" = all interfaces). Returns the text supervisord
// would print for it (kAddressInUseMessage, socket_error_message(), "cannot resolve host"),
// or nullopt when the bind worked.
std::optional<std::string> probe_inet_listen(const std::string& host, int port);

}  // namespace xmlrpc
