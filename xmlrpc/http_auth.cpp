#include "xmlrpc/http_auth.h"

// The one-shot SHA1() of OpenSSL 3 goes through the EVP provider machinery, which a static
// link would pull in whole (4 MB); the low-level functions are a few kilobytes of code.
#define OPENSSL_SUPPRESS_DEPRECATED
#include <openssl/crypto.h>
#include <openssl/sha.h>
#include <strings.h>

#include "common/utf8.h"
#include "xmlrpc/base64.h"

namespace xmlrpc {
namespace {

constexpr std::string_view kShaPrefix = "{SHA}";

}  // namespace

bool constant_time_equal(std::string_view a, std::string_view b) {
  // Lengths are not secret (a SHA-1 hex digest is always 40); contents are.
  if (a.size() != b.size()) return false;
  return CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

std::string sha1_hex(std::string_view data) {
  unsigned char digest[SHA_DIGEST_LENGTH];
  SHA_CTX context;
  SHA1_Init(&context);
  SHA1_Update(&context, data.data(), data.size());
  SHA1_Final(digest, &context);
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  out.reserve(2 * SHA_DIGEST_LENGTH);
  for (unsigned char b : digest) {
    out += kHex[b >> 4];
    out += kHex[b & 15];
  }
  return out;
}

AuthOutcome check_basic_auth(const BasicCredentials& expected, const std::optional<std::string>& authorization) {
  if (!authorization) return AuthOutcome::kUnauthorized;
  const std::string_view value = *authorization;
  const std::size_t space = value.find(' ');
  if (space == std::string_view::npos) return AuthOutcome::kUnauthorized;
  const std::string_view scheme = value.substr(0, space);
  if (scheme.size() != 5 || ::strncasecmp(scheme.data(), "basic", 5) != 0) return AuthOutcome::kUnauthorized;
  const auto decoded = base64_decode_lenient(value.substr(space + 1));
  if (!decoded || !sup::is_valid_utf8(*decoded)) return AuthOutcome::kBadRequest;
  const std::size_t colon = decoded->find(':');
  if (colon == std::string::npos) return AuthOutcome::kServerError;
  const std::string_view user = std::string_view(*decoded).substr(0, colon);
  const std::string_view password = std::string_view(*decoded).substr(colon + 1);

  const bool user_ok = constant_time_equal(user, expected.username);
  bool password_ok = false;
  if (std::string_view(expected.password).substr(0, kShaPrefix.size()) == kShaPrefix) {
    password_ok = constant_time_equal(sha1_hex(password), std::string_view(expected.password).substr(kShaPrefix.size()));
  } else {
    password_ok = constant_time_equal(password, expected.password);
  }
  return user_ok && password_ok ? AuthOutcome::kAccepted : AuthOutcome::kUnauthorized;
}

}  // namespace xmlrpc
