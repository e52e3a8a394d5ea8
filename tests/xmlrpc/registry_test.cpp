// Registry and system.* behaviour (spec §7.4, §7.12), called directly without HTTP.
#include <catch2/catch.hpp>

#include "xmlrpc/codec.h"
#include "xmlrpc/faults.h"
#include "xmlrpc/registry.h"

using namespace xmlrpc;

namespace {

// Calls and captures an immediate reply (fails the test if the call deferred).
Reply call_now(const Registry& r, std::string_view method, const Array& params = {}) {
  std::optional<Reply> got;
  r.call(method, params, Responder([&](Reply reply) { got = std::move(reply); }));
  REQUIRE(got.has_value());
  return *got;
}

// The value of a reply, pre-encoded ones (system.multicall's) read back as a client would.
Value value_of(const Reply& r) {
  if (const auto* encoded = std::get_if<EncodedValue>(&r)) {
    auto parsed = parse_method_response(std::string(kResponseHead) + encoded->xml + std::string(kResponseTail));
    REQUIRE(std::holds_alternative<Value>(parsed));
    return std::get<Value>(parsed);
  }
  REQUIRE(std::holds_alternative<Value>(r));
  return std::get<Value>(r);
}

Fault fault_of(const Reply& r) {
  REQUIRE(std::holds_alternative<Fault>(r));
  return std::get<Fault>(r);
}

Value fault_struct(int code, const std::string& text) { return Struct{{"faultCode", code}, {"faultString", text}}; }

struct Fixture {
  Registry registry;
  std::vector<Responder> parked;  // deferred calls waiting for the test to answer them
  Fixture() {
    registry.add({"supervisor.getPID", {"int"}, "@return int pid\n", -1,
                  [](const Array&, const Responder& respond) { respond(Value(1234)); }});
    registry.add({"supervisor.startProcess", {"boolean", "string", "boolean"},
                  "@param string name\n@param boolean wait\n@return boolean result\n", 1,
                  [this](const Array& params, const Responder& respond) {
                    if (params.size() > 1 && params[1].is_bool() && !params[1].as_bool()) {
                      respond(Value(true));
                    } else {
                      parked.push_back(respond);
                    }
                  }});
    registry.add({"supervisor._hidden", {"int"}, "", -1, [](const Array&, const Responder& r) { r(Value(1)); }});
    registry.add_alias("supervisor.getVersionAlias", "supervisor.getPID");
  }
};

}  // namespace

TEST_CASE("method names: two parts, no leading underscore, known") {
  Fixture f;
  CHECK(value_of(call_now(f.registry, "supervisor.getPID")) == Value{1234});
  CHECK(value_of(call_now(f.registry, "supervisor.getVersionAlias")) == Value{1234});
  for (const char* bad : {"foo", "a.b.c", "supervisor._hidden", "supervisor.nope", "nope.getPID", ".", ""}) {
    CHECK(fault_of(call_now(f.registry, bad)) == Fault{faults::kUnknownMethod, "UNKNOWN_METHOD"});
  }
}

TEST_CASE("arity from the signature, with optional trailing params") {
  Fixture f;
  CHECK(fault_of(call_now(f.registry, "supervisor.getPID", {1})) == Fault{2, "INCORRECT_PARAMETERS"});
  CHECK(fault_of(call_now(f.registry, "supervisor.startProcess")) == Fault{2, "INCORRECT_PARAMETERS"});
  CHECK(fault_of(call_now(f.registry, "supervisor.startProcess", {"a", false, 3})) == Fault{2, "INCORRECT_PARAMETERS"});
  CHECK(value_of(call_now(f.registry, "supervisor.startProcess", {"a", false})) == Value{true});
}

TEST_CASE("call filter applies after the arity check, system methods included") {
  Fixture f;
  f.registry.set_call_filter([](std::string_view method) -> std::optional<Fault> {
    if (method.substr(0, 11) == "supervisor.") return Fault{faults::kShutdownState, "SHUTDOWN_STATE"};
    return std::nullopt;
  });
  CHECK(fault_of(call_now(f.registry, "supervisor.getPID")) == Fault{6, "SHUTDOWN_STATE"});
  CHECK(fault_of(call_now(f.registry, "supervisor.getPID", {1})) == Fault{2, "INCORRECT_PARAMETERS"});
  CHECK(value_of(call_now(f.registry, "system.multicall", Array{Value{Array{Struct{{"methodName", "supervisor.getPID"}}}}})) ==
        Value{Array{fault_struct(6, "SHUTDOWN_STATE")}});
}

TEST_CASE("system.listMethods, methodHelp, methodSignature") {
  Fixture f;
  const Value names = value_of(call_now(f.registry, "system.listMethods"));
  CHECK(names == Value{Array{"supervisor._hidden", "supervisor.getPID", "supervisor.getVersionAlias",
                             "supervisor.startProcess", "system.listMethods", "system.methodHelp",
                             "system.methodSignature", "system.multicall"}});
  CHECK(value_of(call_now(f.registry, "system.methodSignature", {"supervisor.startProcess"})) ==
        Value{Array{"boolean", "string", "boolean"}});
  CHECK(value_of(call_now(f.registry, "system.methodSignature", {"system.multicall"})) == Value{Array{"array", "array"}});
  CHECK(value_of(call_now(f.registry, "system.methodHelp", {"supervisor.getVersionAlias"})) == Value{"@return int pid\n"});
  CHECK(fault_of(call_now(f.registry, "system.methodHelp", {"nope.x"})) == Fault{4, "SIGNATURE_UNSUPPORTED"});
  CHECK(fault_of(call_now(f.registry, "system.methodSignature", {5})) == Fault{4, "SIGNATURE_UNSUPPORTED"});
  CHECK(fault_of(call_now(f.registry, "system.methodHelp")) == Fault{2, "INCORRECT_PARAMETERS"});
}

TEST_CASE("system.multicall: bare values, faults, special cases") {
  Fixture f;
  const Array calls{Struct{{"methodName", "supervisor.getPID"}},
                    Struct{{"methodName", "supervisor.nope"}},
                    Struct{{"params", Array{}}},
                    Struct{{"methodName", "system.multicall"}, {"params", Array{Array{}}}},
                    Struct{{"methodName", 5}},
                    Struct{{"methodName", "supervisor.startProcess"}, {"params", Array{"x", false}}},
                    Struct{{"methodName", "supervisor.getPID"}, {"params", Array{1}}}};
  CHECK(value_of(call_now(f.registry, "system.multicall", Array{Value{calls}})) ==
        Value{Array{1234, fault_struct(1, "UNKNOWN_METHOD"), fault_struct(2, "INCORRECT_PARAMETERS: No methodName"),
                    fault_struct(2, "INCORRECT_PARAMETERS: Recursive system.multicall forbidden"),
                    fault_struct(30, "FAILED: <class 'AttributeError'>:'int' object has no attribute 'split'"), true,
                    fault_struct(2, "INCORRECT_PARAMETERS")}});
  CHECK(value_of(call_now(f.registry, "system.multicall", Array{Value{Array{}}})) == Value{Array{}});
  auto r = call_now(f.registry, "system.multicall", {"notalist"});
  REQUIRE(std::holds_alternative<HttpError>(r));
  CHECK(std::get<HttpError>(r).status == 500);
  r = call_now(f.registry, "system.multicall", Array{Value{Array{1}}});
  REQUIRE(std::holds_alternative<HttpError>(r));
}

TEST_CASE("system.multicall given anything but an array answers as Supervisor's calls[:] does") {
  Fixture f;
  for (const Value& calls : {Value{1}, Value{1.5}, Value{}, Value{true}, Value{Struct{}},
                             Value{Struct{{"methodName", "supervisor.getPID"}}}, Value{DateTime{"20260101T10:00:00"}}}) {
    CHECK(fault_of(call_now(f.registry, "system.multicall", Array{calls})) == Fault{2, "INCORRECT_PARAMETERS"});
  }
  CHECK(value_of(call_now(f.registry, "system.multicall", {""})) == Value{Array{}});
  const Reply text = call_now(f.registry, "system.multicall", {"abc"});
  REQUIRE(std::holds_alternative<HttpError>(text));
  CHECK(std::get<HttpError>(text).message == "<class 'AttributeError'>:'str' object has no attribute 'pop'");
}

TEST_CASE("system.multicall bounds: the number of calls, the size of the answer") {
  Fixture f;
  int runs = 0;
  f.registry.add({"t.count", {"int"}, "", -1, [&](const Array&, const Responder& r) { r(Value(++runs)); }});
  const Value one = Struct{{"methodName", "t.count"}};
  const Array at_bound(kMaxMulticallCalls, one);
  const Value answers = value_of(call_now(f.registry, "system.multicall", Array{Value{at_bound}}));
  CHECK(answers.as_array().size() == kMaxMulticallCalls);
  CHECK(answers.as_array().back() == Value{static_cast<int>(kMaxMulticallCalls)});
  runs = 0;
  const Array past(kMaxMulticallCalls + 1, one);
  CHECK(fault_of(call_now(f.registry, "system.multicall", Array{Value{past}})) ==
        Fault{2, "INCORRECT_PARAMETERS: system.multicall takes at most 10000 calls, not 10001"});
  CHECK(runs == 0);

  // 10 MB a call: the seventh passes 64 MB, and the eighth does not run.
  f.registry.add({"t.big", {"string"}, "", -1, [&](const Array&, const Responder& r) {
                    ++runs;
                    r(Value(std::string(10 * 1024 * 1024, 'x')));
                  }});
  const Array big(10, Value{Struct{{"methodName", "t.big"}}});
  CHECK(fault_of(call_now(f.registry, "system.multicall", Array{Value{big}})) ==
        Fault{30, "FAILED: system.multicall answer passed 64 MB after 7 of 10 calls; the others did not run"});
  CHECK(runs == 7);
}

TEST_CASE("system.multicall with deferred members runs them one after the other") {
  Fixture f;
  std::optional<Reply> got;
  const Array calls{Struct{{"methodName", "supervisor.startProcess"}, {"params", Array{"a"}}},
                    Struct{{"methodName", "supervisor.getPID"}},
                    Struct{{"methodName", "supervisor.startProcess"}, {"params", Array{"b", true}}}};
  f.registry.call("system.multicall", Array{Value{calls}}, Responder([&](Reply reply) { got = std::move(reply); }));
  CHECK_FALSE(got.has_value());
  REQUIRE(f.parked.size() == 1);  // the second deferred call has not started yet
  f.parked[0](Fault{faults::kSpawnError, "SPAWN_ERROR: a"});
  CHECK_FALSE(got.has_value());
  REQUIRE(f.parked.size() == 2);
  f.parked[1](Value(true));
  REQUIRE(got.has_value());
  CHECK(value_of(*got) == Value{Array{fault_struct(50, "SPAWN_ERROR: a"), 1234, true}});
}

TEST_CASE("Responder fires once; encode_reply maps replies to HTTP") {
  int fired = 0;
  Responder r([&](Reply) { ++fired; });
  Responder copy = r;
  r(Value(1));
  copy(Value(2));
  CHECK(fired == 1);
  CHECK(copy.answered());
  CHECK(encode_reply(Value(std::int64_t{1} << 40)).status == 500);
  CHECK(encode_reply(HttpError{500, "x"}).status == 500);
  CHECK(encode_reply(EncodedValue{"<value><int>1</int></value>\n"}).body ==
        "<?xml version='1.0'?>\n<methodResponse>\n<params>\n<param>\n<value><int>1</int></value>\n</param>\n</params>\n"
        "</methodResponse>\n");
}

TEST_CASE("a deferred multicall member answering after the registry is gone is dropped safely") {
  std::vector<Responder> parked;
  std::optional<Reply> got;
  {
    auto registry = std::make_unique<Registry>();
    registry->add({"t.wait", {"boolean"}, "", -1, [&](const Array&, const Responder& r) { parked.push_back(r); }});
    registry->call("system.multicall",
                   Array{Value{Array{Struct{{"methodName", "t.wait"}}, Struct{{"methodName", "t.wait"}}}}},
                   Responder([&](Reply reply) { got = std::move(reply); }));
    REQUIRE(parked.size() == 1);
  }
  parked[0](Value(true));  // must not touch the destroyed registry
  CHECK(parked.size() == 1);
  CHECK_FALSE(got.has_value());
}
