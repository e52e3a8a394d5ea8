// Text helpers particular to supervisorctl's output, beyond the Python string semantics in
// common/pystr.h and common/pyrepr.h: "%-*s" padding by code point, str() of an XML-RPC
// value, repr() of bytes.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "common/pyrepr.h"
#include "common/pystr.h"
#include "xmlrpc/value.h"

namespace sup::ctl {

// `text` left-justified to `width` characters (code points, like Python's "%-*s").
std::string pad_right(std::string_view text, std::size_t width);

// str() of an XML-RPC value as Python would print it ("3.0", "42", "True").
std::string py_str(const xmlrpc::Value& value);

// repr() of a bytes object, from common/pyrepr.h.
using sup::py_bytes_repr;

// str.split() and str.strip() on a view.
inline std::vector<std::string> split_words(std::string_view text) {
  return py_split_whitespace(std::string(text));
}
inline std::string strip(std::string_view text) { return py_strip(std::string(text)); }

}  // namespace sup::ctl
