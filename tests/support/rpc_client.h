// XML-RPC from a test to a daemon or test server, over its unix socket or over HTTP on
// 127.0.0.1, through the project's blocking xmlrpc::Client (one kept-alive connection per
// Client; every call has the Client's own deadlines). Only for use inside a Catch2 test case.
#pragma once

#include <string>

#include "xmlrpc/client.h"

namespace sup::test {

// Server URLs as xmlrpc::Client (and supervisorctl's serverurl) spell them.
std::string unix_url(const std::string& socket_path);  // "unix:///abs/path.sock"
std::string http_url(int port);                        // "http://127.0.0.1:PORT"

// The value of a call; a fault or a call error fails the test case, naming what came back.
xmlrpc::Value must_value(const xmlrpc::CallResult& result);

}  // namespace sup::test
