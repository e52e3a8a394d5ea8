// Internal to the HTTP server: starting a connection for an accepted socket, or refusing it.
#pragma once

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/local/stream_protocol.hpp>

#include <memory>
#include <string>

#include "xmlrpc/http_server_state.h"

namespace xmlrpc {

// Takes ownership of `socket` and serves requests on it until either side closes; the
// connection is in `table` (under `peer`, its address) while it is open.
void start_connection(boost::asio::ip::tcp::socket socket, std::shared_ptr<HttpServer::State> state,
                      std::shared_ptr<const ListenerInfo> listener, std::shared_ptr<ConnectionTable> table,
                      const std::string& peer);
void start_connection(boost::asio::local::stream_protocol::socket socket, std::shared_ptr<HttpServer::State> state,
                      std::shared_ptr<const ListenerInfo> listener, std::shared_ptr<ConnectionTable> table,
                      const std::string& peer);

// Answers 503 on a connection the listener has no room for, without waiting: what the socket
// takes at once is sent, and the caller closes it. A refused client costs nothing after that.
void refuse_connection(int fd);

}  // namespace xmlrpc
