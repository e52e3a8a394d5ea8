// A blocking XML-RPC client over HTTP/1.1 (Boost.Beast), on a unix socket or TCP, with HTTP
// basic auth and one kept-alive connection per Client. Used by supervisorctl and the tests.
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <variant>

#include "xmlrpc/codec.h"
#include "xmlrpc/value.h"

namespace xmlrpc {

// Why a call produced neither a value nor a fault.
struct CallError {
  enum class Kind {
    kNoSuchFile,     // unix socket path does not exist (ENOENT)
    kRefused,        // ECONNREFUSED (TCP, or a stale unix socket)
    kSocket,         // any other connect/read/write error; sys_errno says which
    kHttpStatus,     // the server answered with a status other than 200; http_status says which
    kBadResponse,    // the body was not a well-formed XML-RPC response
    kBadServerUrl,   // the server URL could not be understood
  };
  Kind kind = Kind::kSocket;
  int sys_errno = 0;
  int http_status = 0;
  std::string message;  // human-readable detail (strerror text, HTTP reason, parser message)
};

using CallResult = std::variant<Value, Fault, CallError>;

class Client {
 public:
  // serverurl: "unix:///abs/path.sock" or "http://host:port" (a path after the port is ignored;
  // requests always go to /RPC2 as Supervisor's client does).
  Client(std::string serverurl, std::optional<std::string> username = std::nullopt,
         std::optional<std::string> password = std::nullopt);
  ~Client();
  Client(const Client&) = delete;
  Client& operator=(const Client&) = delete;

  // One method call. Reconnects once if the kept-alive connection was closed by the server.
  // `keep`: see parse_method_response.
  CallResult call(std::string_view method, const Array& params = {}, const MemberSet* keep = nullptr);

  // GET `target` (e.g. "/logtail/web/stderr") and hand each body chunk to on_chunk until it
  // returns false or the server ends the response. Returns the error, if any, that ended it.
  std::optional<CallError> stream_get(std::string_view target,
                                      const std::function<bool(std::string_view)>& on_chunk);

  // Drops the kept-alive connection (the next call connects afresh).
  void close();

  const std::string& serverurl() const { return serverurl_; }

 private:
  struct Connection;
  std::string serverurl_;
  std::optional<std::string> username_;
  std::optional<std::string> password_;
  std::unique_ptr<Connection> connection_;
};

}  // namespace xmlrpc
