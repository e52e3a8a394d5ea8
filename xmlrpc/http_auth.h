// HTTP Basic authentication as Supervisor checks it (spec §3.5): plain or "{SHA}<hex>"
// passwords, lenient base64, and the 400/500 answers for malformed credentials.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace xmlrpc {

struct BasicCredentials {
  std::string username;
  std::string password;  // plain text, or "{SHA}" + lower-case hex SHA-1 of the password
};

enum class AuthOutcome {
  kAccepted,
  kUnauthorized,  // 401: no header, other scheme, wrong user or password
  kBadRequest,    // 400: the credentials are not decodable (bad base64 padding, not UTF-8)
  kServerError,   // 500: decoded credentials without ':' (Supervisor fails there)
};

// `authorization`: the Authorization header value, if any. Comparisons take the same time
// whatever the position of the first differing byte.
AuthOutcome check_basic_auth(const BasicCredentials& expected, const std::optional<std::string>& authorization);

// Compares without an early exit, so timing does not reveal how long a matching prefix is.
bool constant_time_equal(std::string_view a, std::string_view b);

// Lower-case hex SHA-1, as Python's hashlib.sha1(...).hexdigest().
std::string sha1_hex(std::string_view data);

}  // namespace xmlrpc
