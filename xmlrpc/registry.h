// The XML-RPC method table and dispatcher behind POST /RPC2 (spec §7.1, §7.4, §7.12).
// Methods are registered with their signature and help text; a handler receives the params
// and a Responder that it calls exactly once, at once or later from the loop (deferred calls
// such as startProcess with wait=true). The system.* namespace is built in.
#pragma once

#include <cstddef>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "xmlrpc/http_server.h"
#include "xmlrpc/value.h"

namespace xmlrpc {

// Where Supervisor lets a Python exception escape: the reply is this HTTP status with the
// HTML error page. Inside system.multicall it becomes {30, "FAILED: " + message}, so
// `message` should read like Python's "<class 'X'>:text".
struct HttpError {
  int status = 500;
  std::string message = "<class 'Exception'>:internal error";
};

// The XML of exactly one <value>...</value>, written with xmlrpc::Writer, for replies too large
// to build as a Value first (getAllProcessInfo). Only send it when the Writer's ok() held;
// otherwise reply HttpError (an integer did not fit in 32 bits).
struct EncodedValue {
  std::string xml;
};

using Reply = std::variant<Value, Fault, HttpError, EncodedValue>;

// A one-shot callback. Copies share the same shot: the first call wins, later ones are ignored.
class Responder {
 public:
  explicit Responder(std::function<void(Reply)> done);
  void operator()(Reply reply) const;
  void fault(int code, std::string text) const { (*this)(Fault{code, std::move(text)}); }
  bool answered() const;

 private:
  struct Shot;
  std::shared_ptr<Shot> shot_;
};

using MethodHandler = std::function<void(const Array& params, const Responder& respond)>;

struct Method {
  std::string name;                    // "namespace.method"
  std::vector<std::string> signature;  // return type then parameter types, e.g. {"boolean","string","boolean"}
  std::string help;                    // free text; @param / @return lines should match `signature`
  // Fewer params than this, or more than the signature lists, is INCORRECT_PARAMETERS before the
  // handler runs. -1: every parameter in the signature is required.
  int min_params = -1;
  MethodHandler handler;
  // False: callable (and known to methodHelp/methodSignature) but left out of
  // system.listMethods, whose answer must stay Supervisor's (our own namespace).
  bool listed = true;
};

// system.multicall's bounds (Supervisor has none). More calls: fault INCORRECT_PARAMETERS, and
// none runs. An answer growing past its bound: fault FAILED, and the remaining calls do not run. A multicall runs its members one after the other on the daemon's only thread and
// its answer is held whole until sent, so without bounds one request could stall every client
// or exhaust memory (10,000 getAllProcessInfo calls over 1,000 processes answer 13 GB).
// 10,000 calls: ten times one call per process of a 1,000-process daemon. 64 MB of answer: as
// large as the largest request body the server reads (HttpLimits::max_body_bytes).
inline constexpr std::size_t kMaxMulticallCalls = 10000;
inline constexpr std::size_t kMaxMulticallAnswerBytes = 64 * 1024 * 1024;

class Registry final {
 public:
  Registry();  // system.listMethods, methodHelp, methodSignature, multicall
  Registry(const Registry&) = delete;
  Registry& operator=(const Registry&) = delete;

  // Adds or replaces a method.
  void add(Method method);
  // `alias` behaves as `target` (same handler, signature and help); target must exist.
  void add_alias(const std::string& alias, const std::string& target);

  // Consulted after the arity check for every call, multicall members included; a Fault
  // returned here is the answer (Supervisor's SHUTDOWN_STATE rule, spec §7.7).
  void set_call_filter(std::function<std::optional<Fault>(std::string_view method)> filter);

  // Dispatches one call (spec §7.4): names must be "namespace.method", no leading '_' in the
  // method part; unknown → UNKNOWN_METHOD. `params` is taken so that system.multicall can
  // release each member's parameters once it has run.
  void call(std::string_view method, Array params, const Responder& respond) const;

  std::vector<std::string> method_names() const;  // the listed ones, sorted, as system.listMethods answers
  const Method* find(std::string_view name) const;

  // The handler for the POST /RPC2 route: 400 for unparseable requests, 200 text/xml with the
  // value or fault, or the HttpError status. Requests arriving after the registry is destroyed
  // get HTTP 500.
  HttpHandler http_handler() const;

 private:
  void add_system_methods();
  void multicall(Array params, const Responder& respond) const;

  std::map<std::string, Method, std::less<>> methods_;
  std::function<std::optional<Fault>(std::string_view)> filter_;
  // Expires with the registry: deferred continuations (multicall, the HTTP handler) that
  // fire after it is gone check it instead of touching a dead object.
  std::shared_ptr<int> alive_ = std::make_shared<int>(0);
};

// The HTTP answer for a reply: 200 with the XML body, or an error status (body empty).
struct EncodedReply {
  int status = 200;
  std::string body;  // text/xml when status is 200
};
// Takes the reply: a pre-encoded value becomes the body in place, without a copy.
EncodedReply encode_reply(Reply reply);

}  // namespace xmlrpc
