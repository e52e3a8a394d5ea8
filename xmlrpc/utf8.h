// UTF-8 checks for text Supervisor would have decoded strictly (log reads, base64 values,
// Basic credentials). Python answers HTTP 500 or 400 where these return false.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace xmlrpc {

// Strict UTF-8 as Python's codec accepts it: no overlongs, no surrogates, <= U+10FFFF.
bool is_valid_utf8(std::string_view bytes);

// Copy of `bytes` with each invalid sequence replaced by U+FFFD (errors='replace').
std::string utf8_replace_invalid(std::string_view bytes);

// Length (1 to 4) of the valid UTF-8 sequence that starts at bytes[pos], or 0 when the bytes
// there are not one (pos must be < bytes.size()).
std::size_t utf8_sequence_length(std::string_view bytes, std::size_t pos);

inline constexpr std::string_view kUtf8Replacement = "\xEF\xBF\xBD";  // U+FFFD

}  // namespace xmlrpc
