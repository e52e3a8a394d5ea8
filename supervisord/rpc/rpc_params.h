// Supervisor's methods take their parameters with Python's dynamic typing: int() on offsets,
// truthiness for `wait`, str() of values echoed in fault strings. These helpers reproduce
// those conversions and the way each failure reaches the client (http-xmlrpc.md §7.2, §7.4):
// a TypeError is fault INCORRECT_PARAMETERS, other exceptions are HTTP 500.
#pragma once

#include <cstdint>
#include <string>
#include <variant>

#include "xmlrpc/registry.h"
#include "xmlrpc/value.h"

namespace sup {

// The error a conversion raised, already in the form the registry answers.
using ParamError = std::variant<xmlrpc::Fault, xmlrpc::HttpError>;

// Python's int(value): ints, bools, floats (truncated) and integer strings ("  -5 ", "1_0").
std::variant<std::int64_t, ParamError> py_int(const xmlrpc::Value& value);

// Python's bool(value).
bool py_truthy(const xmlrpc::Value& value);

// Python's str(value), as "%s" formatting puts it into a fault string.
std::string py_str(const xmlrpc::Value& value);

// "int", "bool", "list", ... as Python names the type in its error messages.
std::string py_type_name(const xmlrpc::Value& value);

// A process name must be a string: Supervisor calls .split(':') on it, which fails (HTTP 500)
// for anything else.
std::variant<std::string, ParamError> namespec_param(const xmlrpc::Value& value);

// Forwards a ParamError to a responder.
void respond_error(const xmlrpc::Responder& respond, ParamError error);

}  // namespace sup
