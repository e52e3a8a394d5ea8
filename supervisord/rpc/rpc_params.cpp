#include "supervisord/rpc/rpc_params.h"

#include <cmath>
#include <limits>

#include "common/pyrepr.h"
#include "common/pystr.h"
#include "xmlrpc/faults.h"
#include "xmlrpc/writer.h"

namespace sup {
namespace {

xmlrpc::HttpError value_error(const std::string& message) {
  return xmlrpc::HttpError{500, "<class 'ValueError'>:" + message};
}

}  // namespace

std::variant<std::int64_t, ParamError> py_int(const xmlrpc::Value& value) {
  if (value.is_int()) return value.as_int();
  if (value.is_bool()) return std::int64_t{value.as_bool() ? 1 : 0};
  if (value.is_double()) {
    double d = value.as_double();
    if (std::isnan(d)) return value_error("cannot convert float NaN to integer");
    double t = std::trunc(d);
    // Python's ints are unbounded; values beyond 64 bits overflow later, at seek().
    if (std::isinf(d) || t < -9.2e18 || t > 9.2e18) {
      return xmlrpc::HttpError{500, "<class 'OverflowError'>:cannot convert float infinity to integer"};
    }
    return static_cast<std::int64_t>(t);
  }
  if (value.is_string()) {
    const std::string& text = value.as_string();
    const IntParse parsed = py_int_parse(text);
    if (parsed.outcome == IntOutcome::kNotAnInteger) {
      return value_error("invalid literal for int() with base 10: " + py_repr(text));
    }
    if (parsed.outcome == IntOutcome::kOutOfRange) {
      return xmlrpc::HttpError{500, "<class 'OverflowError'>:Python int too large"};
    }
    return parsed.value;
  }
  // int(None), int([]), int({}), int(datetime): TypeError.
  return xmlrpc::Fault{xmlrpc::faults::kIncorrectParameters, xmlrpc::faults::text(xmlrpc::faults::kIncorrectParameters)};
}

bool py_truthy(const xmlrpc::Value& value) {
  if (value.is_nil()) return false;
  if (value.is_bool()) return value.as_bool();
  if (value.is_int()) return value.as_int() != 0;
  if (value.is_double()) return value.as_double() != 0.0;
  if (value.is_string()) return !value.as_string().empty();
  if (value.is_binary()) return !value.as_binary().bytes.empty();
  if (value.is_array()) return !value.as_array().empty();
  if (value.is_struct()) return !value.as_struct().empty();
  return true;  // datetime
}

std::string py_str(const xmlrpc::Value& value) {
  if (value.is_string()) return value.as_string();
  if (value.is_nil()) return "None";
  if (value.is_bool()) return value.as_bool() ? "True" : "False";
  if (value.is_int()) return std::to_string(value.as_int());
  if (value.is_double()) return xmlrpc::python_float_repr(value.as_double());
  if (value.is_datetime()) return value.as_datetime().iso8601;
  if (value.is_binary()) return "b" + py_repr(value.as_binary().bytes);
  // Containers print their items' repr().
  auto item_repr = [](const xmlrpc::Value& item) { return item.is_string() ? py_repr(item.as_string()) : py_str(item); };
  std::string out;
  if (value.is_array()) {
    out = "[";
    bool first = true;
    for (const auto& item : value.as_array()) {
      if (!first) out += ", ";
      first = false;
      out += item_repr(item);
    }
    return out + "]";
  }
  out = "{";
  bool first = true;
  for (const auto& [key, item] : value.as_struct()) {
    if (!first) out += ", ";
    first = false;
    out += py_repr(key) + ": " + item_repr(item);
  }
  return out + "}";
}

std::string py_type_name(const xmlrpc::Value& value) {
  if (value.is_nil()) return "NoneType";
  if (value.is_bool()) return "bool";
  if (value.is_int()) return "int";
  if (value.is_double()) return "float";
  if (value.is_array()) return "list";
  if (value.is_struct()) return "dict";
  if (value.is_datetime()) return "datetime.datetime";
  if (value.is_binary()) return "bytes";
  return "str";
}

std::variant<std::string, ParamError> namespec_param(const xmlrpc::Value& value) {
  if (value.is_string()) return value.as_string();
  return xmlrpc::HttpError{500, "<class 'AttributeError'>:'" + py_type_name(value) + "' object has no attribute 'split'"};
}

void respond_error(const xmlrpc::Responder& respond, ParamError error) {
  if (auto* fault = std::get_if<xmlrpc::Fault>(&error)) {
    respond(std::move(*fault));
  } else {
    respond(std::get<xmlrpc::HttpError>(std::move(error)));
  }
}

}  // namespace sup
