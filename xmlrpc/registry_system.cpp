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

Value fault_struct(int code, std::string text) {
  return Struct{{"faultCode", code}, {"faultString", std::move(text)}};
}

Value multicall_result(Reply reply) {
  if (auto* value = std::get_if<Value>(&reply)) return std::move(*value);
  if (auto* fault = std::get_if<Fault>(&reply)) return fault_struct(fault->code, std::move(fault->string));
  if (auto* encoded = std::get_if<EncodedValue>(&reply)) {
    // Pre-encoded replies are rare inside multicall; read the value back.
    std::string body(kResponseHead);
    body += encoded->xml;
    body += kResponseTail;
    auto parsed = parse_method_response(body);
    if (auto* value = std::get_if<Value>(&parsed)) return std::move(*value);
    return fault_struct(faults::kFailed, faults::text(faults::kFailed, "<class 'ValueError'>:unreadable reply"));
  }
  return fault_struct(faults::kFailed, faults::text(faults::kFailed, std::get<HttpError>(reply).message));
}

// A multicall in progress; calls run strictly one after the other, deferred ones included.
struct Multicall {
  Array calls;
  std::size_t next = 0;
  Array results;
  Responder done;
  bool looping = false;
  bool waiting = false;
};

}  // namespace

void Registry::multicall(const Array& params, const Responder& respond) const {
  if (!params[0].is_array()) {
    respond(HttpError{500, "<class 'AttributeError'>:'" + python_type_name(params[0]) + "' object has no attribute 'get'"});
    return;
  }
  auto state = std::make_shared<Multicall>(Multicall{params[0].as_array(), 0, {}, respond});
  state->results.reserve(state->calls.size());
  // Re-entered from a deferred member's responder; `alive` guards `this`.
  auto run = std::make_shared<std::function<void()>>();
  *run = [this, state, weak_run = std::weak_ptr<std::function<void()>>(run), alive = std::weak_ptr<int>(alive_)]() {
    if (alive.expired()) return;  // the registry went away while a member was deferred
    state->looping = true;
    while (state->next < state->calls.size()) {
      const Value& c = state->calls[state->next++];
      if (!c.is_struct()) {
        state->looping = false;
        state->done(HttpError{500, "<class 'AttributeError'>:'" + python_type_name(c) + "' object has no attribute 'get'"});
        return;
      }
      const Value* name = c.find("methodName");
      const Value* call_params = c.find("params");
      if (name == nullptr) {
        state->results.push_back(fault_struct(faults::kIncorrectParameters,
                                              faults::text(faults::kIncorrectParameters, "No methodName")));
        continue;
      }
      if (!name->is_string()) {
        state->results.push_back(fault_struct(
            faults::kFailed, faults::text(faults::kFailed, "<class 'AttributeError'>:'" + python_type_name(*name) +
                                                               "' object has no attribute 'split'")));
        continue;
      }
      if (name->as_string() == "system.multicall") {
        state->results.push_back(fault_struct(
            faults::kIncorrectParameters, faults::text(faults::kIncorrectParameters, "Recursive system.multicall forbidden")));
        continue;
      }
      if (call_params != nullptr && !call_params->is_array()) {
        state->results.push_back(fault_struct(faults::kIncorrectParameters, faults::text(faults::kIncorrectParameters)));
        continue;
      }
      state->waiting = true;
      // Keeps the loop function alive while a member is deferred.
      auto keep = weak_run.lock();
      call(name->as_string(), call_params != nullptr ? call_params->as_array() : Array{},
           Responder([state, keep](Reply reply) {
             state->results.push_back(multicall_result(std::move(reply)));
             state->waiting = false;
             if (!state->looping) (*keep)();
           }));
      if (state->waiting) {
        state->looping = false;
        return;
      }
    }
    state->looping = false;
    state->done(Value(std::move(state->results)));
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
       [this](const Array& params, const Responder& respond) { multicall(params, respond); }});
}

}  // namespace xmlrpc
