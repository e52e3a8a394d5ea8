// Base64 as Python's binascii does it: the encoder Supervisor's replies use for <base64>
// (base64.encodebytes: 76-character lines, each ending in "\n") and the lenient decoder used
// for <base64> request values and HTTP Basic credentials.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace xmlrpc {

// Plain base64 on one line, no newline (what an Authorization header carries).
std::string base64_encode(std::string_view bytes);

// base64.encodebytes: lines of at most 76 characters, each followed by "\n"; "" for "".
std::string base64_encode_lines(std::string_view bytes);

// binascii.a2b_base64 in its default (non-strict) mode: characters outside the alphabet are
// skipped, decoding stops at a complete pad sequence; nullopt for "Incorrect padding" (a
// number of data characters that is not a multiple of 4 and not properly padded).
std::optional<std::string> base64_decode_lenient(std::string_view text);

}  // namespace xmlrpc
