// UTF-8 checks for text Supervisor would have decoded strictly (log reads, base64 values,
// Basic credentials). Python answers HTTP 500 or 400 where these return false.
#pragma once

#include <string>
#include <string_view>

namespace xmlrpc {

// Strict UTF-8 as Python's codec accepts it: no overlongs, no surrogates, <= U+10FFFF.
bool is_valid_utf8(std::string_view bytes);

// Copy of `bytes` with each invalid sequence replaced by U+FFFD (errors='replace').
std::string utf8_replace_invalid(std::string_view bytes);

}  // namespace xmlrpc
