// Python str semantics on UTF-8 std::strings where Supervisor's behaviour depends on them:
// Unicode whitespace for strip()/split()/isspace(), lower()/upper(), and int() parsing.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace sup {

// Decodes one code point at `i` (advancing i); invalid bytes decode as themselves + 0xDC00
// (Python's surrogateescape), so every byte string round-trips.
char32_t utf8_next(const std::string& s, std::size_t& i);
void utf8_append(std::string& out, char32_t cp);
std::u32string utf8_to_u32(const std::string& s);
std::string u32_to_utf8(const std::u32string& s);
std::size_t utf8_length(const std::string& s);  // code points

bool py_isspace(char32_t c);
// No byte >= 0x80: the bytes are their own code points.
bool is_ascii(std::string_view s);
std::string py_strip(const std::string& s);
std::string py_rstrip(const std::string& s);
std::string py_lstrip(const std::string& s);
std::vector<std::string> py_split_whitespace(const std::string& s);  // str.split()
std::string py_lower(const std::string& s);
std::string py_upper(const std::string& s);

// Python int(s, base) for base 8 or 10: surrounding whitespace, sign, '_' between digits,
// Unicode decimal digits, "0o" prefix in base 8. nullopt when Python would raise
// ValueError (values beyond int64 are also rejected).
std::optional<std::int64_t> py_int(const std::string& s, int base = 10);

}  // namespace sup
