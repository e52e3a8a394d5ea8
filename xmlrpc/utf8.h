// The UTF-8 checks of common/utf8.h (Python's strict codec) under the names that code outside
// xmlrpc/ (supervisorctl's follower, the daemon's log reads) still calls them by; new code
// includes common/utf8.h. Log reads, base64 values and Basic credentials are text Supervisor
// decodes strictly, answering HTTP 500 or 400 where is_valid_utf8() is false.
#pragma once

#include "common/utf8.h"

namespace xmlrpc {

using sup::is_valid_utf8;
using sup::utf8_replace_invalid;
using sup::utf8_sequence_length;

inline constexpr std::string_view kUtf8Replacement = "\xEF\xBF\xBD";  // U+FFFD

}  // namespace xmlrpc
