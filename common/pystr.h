// Python str semantics on UTF-8 std::strings where Supervisor's behaviour depends on them:
// Unicode whitespace for strip()/split()/isspace(), lower()/upper(), and int() parsing.
// Strings are read through common/utf8.h's surrogateescape view, so invalid bytes survive.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/utf8.h"  // code point view used with these functions

namespace sup {

bool py_isspace(char32_t c);
// No byte >= 0x80: the bytes are their own code points.
bool is_ascii(std::string_view s);
std::string py_strip(const std::string& s);
std::string py_rstrip(const std::string& s);
std::string py_lstrip(const std::string& s);
std::vector<std::string> py_split_whitespace(const std::string& s);  // str.split()
std::string py_lower(const std::string& s);
std::string py_upper(const std::string& s);

// Python's int(text, base) for base 8 or 10, the one integer parser of the project: ASCII
// whitespace around (other Unicode whitespace too, but not U+001C-U+001F), one sign, '_'
// only between digits, Unicode decimal digits, a "0o" prefix in base 8. Python's ints are
// unbounded; a well-formed value beyond int64 is kOutOfRange. int() of a bytes object is the
// same on ASCII bytes (a byte >= 0x80 makes it fail).
enum class IntOutcome { kOk, kNotAnInteger, kOutOfRange };
struct IntParse {
  IntOutcome outcome = IntOutcome::kNotAnInteger;
  std::int64_t value = 0;  // when kOk
};
IntParse py_int_parse(std::string_view text, int base = 10);
// The value when int() succeeds within int64, else nullopt.
std::optional<std::int64_t> py_int(const std::string& text, int base = 10);

}  // namespace sup
