// Whole XML-RPC messages: encoding a methodCall / methodResponse / fault exactly as Python's
// xmlrpc.client.dumps does (spec §7.3), and parsing them, each side with the rules of the
// program that is on that side in Supervisor 4.2.5:
//  - parse_method_call: supervisord's request unmarshaller (supervisor/xmlrpc.py, spec §7.2);
//  - parse_method_response: Python's xmlrpc.client, what supervisorctl accepts.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "xmlrpc/value.h"
#include "xmlrpc/writer.h"

namespace xmlrpc {

// What precedes and follows the single value of a successful methodResponse. A caller that
// streams a large reply writes kResponseHead, the value through a Writer, then kResponseTail.
inline constexpr std::string_view kResponseHead =
    "<?xml version='1.0'?>\n<methodResponse>\n<params>\n<param>\n";
inline constexpr std::string_view kResponseTail = "</param>\n</params>\n</methodResponse>\n";

std::string encode_call(std::string_view method, const Array& params);

// nullopt when an integer in `result` does not fit in 32 bits (Supervisor answers HTTP 500).
std::optional<std::string> encode_response(const Value& result);

std::string encode_fault(const Fault& fault);

struct ParseError {
  std::string message;  // what was wrong, e.g. "XML error at line 3: ..." or "no methodName"
};

struct MethodCall {
  std::string method;
  Array params;
};

// Supervisor's rules: an untyped <value> is a string; <boolean> is true only for "1";
// <base64> is decoded to (UTF-8) text; <nil/> and unknown type tags (e.g. <i8>) give their
// text, or Nil when empty; a missing <params> means no parameters. A request Supervisor
// answers with HTTP 400 (malformed XML, bad number, missing or empty methodName) gives a
// ParseError. ISO-8859-1 encoding declarations are honoured.
std::variant<MethodCall, ParseError> parse_method_call(std::string_view body);

// A request in another shape than Python's xmlrpc.client writes (comments, CDATA, odd
// whitespace...) is parsed through a DOM, which costs about ten times its size; with more '<'
// than this it is refused (ParseError, HTTP 400) rather than parsed. Supervisor has no such
// bound. A system.multicall of 10,000 calls (its bound, registry.h) with two parameters each
// has 300,000. Requests in Python's shape have no bound but the body size's.
inline constexpr std::size_t kMaxCallMarkup = 400000;

// Python client rules: <boolean> must be 0 or 1, <base64> gives Binary, <nil/> gives Nil,
// int/i1/i2/i4/i8/biginteger, double/float/bigdecimal and "ex:"-prefixed tags are accepted.
// A <fault> gives a Fault. Several <param>s give an Array of them; none gives Nil.
//
// `keep`, when given, lists the struct members the caller reads: others may be left out of
// the result (the common reply shape skips them, which spares building most of a large reply
// such as getAllProcessInfo's over 1,000 processes).
using MemberSet = std::vector<std::string_view>;
std::variant<Value, Fault, ParseError> parse_method_response(std::string_view body, const MemberSet* keep = nullptr);

}  // namespace xmlrpc
