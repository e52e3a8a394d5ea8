// Internal to the HTTP server: starting a connection for an accepted socket.
#pragma once

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/local/stream_protocol.hpp>

#include <memory>
#include <string>

#include "xmlrpc/http_server_state.h"

namespace xmlrpc {

// Takes ownership of `socket` and serves requests on it until either side closes.
// `over_capacity`: answer 503 and close instead.
void start_connection(boost::asio::ip::tcp::socket socket, std::shared_ptr<HttpServer::State> state,
                      std::shared_ptr<const ListenerInfo> listener, bool over_capacity);
void start_connection(boost::asio::local::stream_protocol::socket socket, std::shared_ptr<HttpServer::State> state,
                      std::shared_ptr<const ListenerInfo> listener, bool over_capacity);

}  // namespace xmlrpc
