// The system.* namespace (spec §7.12): introspection over the registry and multicall.
#include <memory>

#include "xmlrpc/codec.h"
#include "xmlrpc/faults.h"
#include "xmlrpc/registry.h"

namespace xmlrpc {
namespace {

// Python's type name of a value, for the AttributeError text Supervisor's multicall produces
// when methodName is not a string.
std::string python_type_name(const Value& v) {
  if (v.is_bool()) return "bool";
  if (v.is_int()) return "int";
  if (v.is_double()) return "float";
  if (v.is_nil()) return "NoneType";
  if (v.is_array()) return "list";
  if (v.is_struct()) return "dict";
  if (v.is_datetime()) return "datetime.datetime";
  if (v.is_binary()) return "bytes";
  return "str";
}

// The answer is written while the calls run, one <value> per finished call, so that a large
// multicall holds its results once, as XML, rather than as Values and then XML as well.
class ResultWriter {
 public:
  ResultWriter() { Writer(xml_).begin_array(); }

  void add(Reply reply) {
    Writer out(xml_);
    if (auto* value = std::get_if<Value>(&reply)) {
      out.value(*value);
      ok_ = ok_ && out.ok();
    } else if (auto* fault = std::get_if<Fault>(&reply)) {
      add_fault(fault->code, fault->string);
    } else if (auto* encoded = std::get_if<EncodedValue>(&reply)) {
      xml_ += encoded->xml;
    } else {
      add_fault(faults::kFailed, faults::text(faults::kFailed, std::get<HttpError>(reply).message));
    }
  }

  void add_fault(int code, std::string_view text) {
    Writer out(xml_);
    out.begin_struct();
    out.member_int("faultCode", code);
    out.member_string("faultString", text);
    out.end_struct();
  }

  std::size_t size() const { return xml_.size(); }

  // The whole answer. Python marshals the result list in one go, so one integer beyond 32
  // bits anywhere fails all of it (OverflowError, HTTP 500).
  Reply finish() {
    if (!ok_) return HttpError{500, "<class 'OverflowError'>:int exceeds XML-RPC limits"};
    Writer(xml_).end_array();
    // Room for the envelope encode_reply() wraps around it, so that it need not copy.
    xml_.reserve(xml_.size() + kResponseHead.size() + kResponseTail.size());
    return EncodedValue{std::move(xml_)};
  }

 private:
  std::string xml_;
  bool ok_ = true;
};

// A multicall in progress; calls run strictly one after the other, deferred ones included.
struct Multicall {
  explicit Multicall(Responder respond) : done(std::move(respond)) {}
  Array calls;  // each call is released once it has run
  std::size_t next = 0;
  ResultWriter results;
  Responder done;
  bool looping = false;
  bool waiting = false;
};

std::string no_attribute(const Value& v, std::string_view attribute) {
  return "<class 'AttributeError'>:'" + python_type_name(v) + "' object has no attribute '" + std::string(attribute) +
         "'";
}

}  // namespace

void Registry::multicall(Array params, const Responder& respond) const {
  Value& calls = params[0];
  if (!calls.is_array()) {
    // Supervisor starts with calls[:]: a TypeError (INCORRECT_PARAMETERS) for what cannot be
    // sliced; a string slices, and then has no pop() unless it is empty.
    if (!calls.is_string() && !calls.is_binary()) {
      respond.fault(faults::kIncorrectParameters, faults::text(faults::kIncorrectParameters));
    } else if (calls.is_string() ? calls.as_string().empty() : calls.as_binary().bytes.empty()) {
      respond(Value(Array{}));
    } else {
      respond(HttpError{500, no_attribute(calls, "pop")});
    }
    return;
  }
  if (calls.as_array().size() > kMaxMulticallCalls) {
    respond.fault(faults::kIncorrectParameters,
                  faults::text(faults::kIncorrectParameters, "system.multicall takes at most " +
                                                                 std::to_string(kMaxMulticallCalls) + " calls, not " +
                                                                 std::to_string(calls.as_array().size())));
    return;
  }
  auto state = std::make_shared<Multicall>(respond);
  state->calls = std::move(calls.as_array());
  // Re-entered from a deferred member's responder; `alive` guards `this`.
  auto run = std::make_shared<std::function<void()>>();
  *run = [this, state, weak_run = std::weak_ptr<std::function<void()>>(run), alive = std::weak_ptr<int>(alive_)]() {
    if (alive.expired()) return;  // the registry went away while a member was deferred
    state->looping = true;
    while (state->next < state->calls.size()) {
      if (state->results.size() > kMaxMulticallAnswerBytes) {
        state->looping = false;
        state->done(Fault{faults::kFailed,
                          faults::text(faults::kFailed, "system.multicall answer passed " +
                                                            std::to_string(kMaxMulticallAnswerBytes >> 20) +
                                                            " MB after " + std::to_string(state->next) + " of " +
                                                            std::to_string(state->calls.size()) +
                                                            " calls; the others did not run")});
        return;
      }
      Value c = std::move(state->calls[state->next++]);
      if (!c.is_struct()) {
        state->looping = false;
        state->done(HttpError{500, no_attribute(c, "get")});
        return;
      }
      Struct& members = c.as_struct();
      const auto name_it = members.find("methodName");
      const auto params_it = members.find("params");
      if (name_it == members.end()) {
        state->results.add_fault(faults::kIncorrectParameters,
                                 faults::text(faults::kIncorrectParameters, "No methodName"));
        continue;
      }
      const Value& name = name_it->second;
      if (!name.is_string()) {
        state->results.add_fault(faults::kFailed, faults::text(faults::kFailed, no_attribute(name, "split")));
        continue;
      }
      if (name.as_string() == "system.multicall") {
        state->results.add_fault(faults::kIncorrectParameters,
                                 faults::text(faults::kIncorrectParameters, "Recursive system.multicall forbidden"));
        continue;
      }
      if (params_it != members.end() && !params_it->second.is_array()) {
        state->results.add_fault(faults::kIncorrectParameters, faults::text(faults::kIncorrectParameters));
        continue;
      }
      state->waiting = true;
      // Keeps the loop function alive while a member is deferred.
      auto keep = weak_run.lock();
      call(name.as_string(), params_it != members.end() ? std::move(params_it->second.as_array()) : Array{},
           Responder([state, keep](Reply reply) {
             state->results.add(std::move(reply));
             state->waiting = false;
             if (!state->looping) (*keep)();
           }));
      if (state->waiting) {
        state->looping = false;
        return;
      }
    }
    state->looping = false;
    state->calls = Array{};
    state->done(state->results.finish());
  };
  (*run)();
}

void Registry::add_system_methods() {
  add({"system.listMethods",
       {"array"},
       "List the names of every method this server answers, sorted.\n\n"
       "@return array result  The method names (strings).\n",
       -1,
       [this](const Array&, const Responder& respond) {
         Array names;
         for (auto& n : method_names()) names.emplace_back(std::move(n));
         respond(Value(std::move(names)));
       }});
  add({"system.methodHelp",
       {"string", "string"},
       "Describe a method in prose.\n\n"
       "@param string name  The method's full name, e.g. supervisor.getState.\n"
       "@return string result  Its documentation.\n",
       -1,
       [this](const Array& params, const Responder& respond) {
         const Method* m = params[0].is_string() ? find(params[0].as_string()) : nullptr;
         if (m == nullptr) {
           respond.fault(faults::kSignatureUnsupported, faults::text(faults::kSignatureUnsupported));
           return;
         }
         respond(Value(m->help));
       }});
  add({"system.methodSignature",
       {"array", "string"},
       "Give a method's types as [return type, parameter types in order].\n\n"
       "@param string name  The method's full name.\n"
       "@return array result  The type names (strings).\n",
       -1,
       [this](const Array& params, const Responder& respond) {
         const Method* m = params[0].is_string() ? find(params[0].as_string()) : nullptr;
         if (m == nullptr || m->signature.empty()) {
           respond.fault(faults::kSignatureUnsupported, faults::text(faults::kSignatureUnsupported));
           return;
         }
         Array types;
         for (const auto& t : m->signature) types.emplace_back(t);
         respond(Value(std::move(types)));
       }});
  add({"system.multicall",
       {"array", "array"},
       "Run several calls in one request, one after the other. Each call is a struct\n"
       "{'methodName': string, 'params': array}; each result is the call's return value, or a\n"
       "struct {'faultCode': int, 'faultString': string} when it failed.\n\n"
       "@param array calls  The calls to make.\n"
       "@return array result  One result per call, in order.\n",
       -1,
       // Reached only through call(), which hands multicall() its parameters to keep.
       [this](const Array& params, const Responder& respond) { multicall(params, respond); }});
}

}  // namespace xmlrpc
