// Python-style parameter conversions of the supervisor.* methods.
#include <catch2/catch.hpp>

#include "supervisord/rpc/rpc_params.h"
#include "xmlrpc/faults.h"

namespace sup {
namespace {

using xmlrpc::Value;

std::int64_t int_of(const Value& v) {
  auto r = py_int(v);
  REQUIRE(std::holds_alternative<std::int64_t>(r));
  return std::get<std::int64_t>(r);
}

bool is_http_500(const Value& v) {
  auto r = py_int(v);
  auto* e = std::get_if<ParamError>(&r);
  return e != nullptr && std::holds_alternative<xmlrpc::HttpError>(*e);
}

bool is_type_error(const Value& v) {
  auto r = py_int(v);
  auto* e = std::get_if<ParamError>(&r);
  return e != nullptr && std::holds_alternative<xmlrpc::Fault>(*e) &&
         std::get<xmlrpc::Fault>(*e).code == xmlrpc::faults::kIncorrectParameters;
}

TEST_CASE("py_int follows int()", "[rpc]") {
  CHECK(int_of(Value(5)) == 5);
  CHECK(int_of(Value(true)) == 1);
  CHECK(int_of(Value(-5.7)) == -5);
  CHECK(int_of(Value(" -12 ")) == -12);
  CHECK(int_of(Value("+7")) == 7);
  CHECK(int_of(Value("1_000")) == 1000);
  CHECK(is_http_500(Value("abc")));
  CHECK(is_http_500(Value("")));
  CHECK(is_http_500(Value("1__0")));
  CHECK(is_http_500(Value("_1")));
  CHECK(is_http_500(Value("99999999999999999999999")));
  // int() of a str: Unicode spaces and digits count, U+001C-U+001F are not whitespace to it.
  CHECK(int_of(Value("\xc2\xa0" "12\xe3\x80\x80")) == 12);
  CHECK(int_of(Value("\xd9\xa3")) == 3);
  CHECK(is_http_500(Value("\x1c" "5")));
  CHECK(is_type_error(Value()));
  CHECK(is_type_error(Value(xmlrpc::Array{})));
  CHECK(is_type_error(Value(xmlrpc::Struct{})));
}

TEST_CASE("py_truthy and py_str", "[rpc]") {
  CHECK_FALSE(py_truthy(Value()));
  CHECK_FALSE(py_truthy(Value(false)));
  CHECK_FALSE(py_truthy(Value("")));
  CHECK_FALSE(py_truthy(Value(0)));
  CHECK(py_truthy(Value("false")));
  CHECK(py_truthy(Value(2)));
  CHECK(py_str(Value(5)) == "5");
  CHECK(py_str(Value(true)) == "True");
  CHECK(py_str(Value()) == "None");
  CHECK(py_str(Value(1.5)) == "1.5");
  CHECK(py_str(Value(xmlrpc::Array{Value(1), Value("a")})) == "[1, 'a']");
}

}  // namespace
}  // namespace sup
