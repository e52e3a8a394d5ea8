// How the web UI reaches the daemon: in-process calls of the same supervisor.* methods that
// XML-RPC clients call, so that a page action and an RPC take one code path (the daemon's
// http_frontend binds this to its method registry).
#pragma once

#include <functional>
#include <string>
#include <variant>

#include "xmlrpc/value.h"

namespace sup::webui {

using RpcOutcome = std::variant<xmlrpc::Value, xmlrpc::Fault>;
using RpcDone = std::function<void(RpcOutcome)>;

// Calls `method` (e.g. "supervisor.stopProcess") with `params`. `done` is called exactly once
// on the loop thread, either before call returns or later (methods that wait, such as
// startProcess, answer when the process is RUNNING). The callee never throws.
using RpcCall = std::function<void(const std::string& method, xmlrpc::Array params, RpcDone done)>;

}  // namespace sup::webui
