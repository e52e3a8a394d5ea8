#include "xmlrpc/http_origin.h"

#include <string>

namespace xmlrpc {
namespace {

// "http://host:port/path" -> "host:port"; "" when it is no http(s) URL.
std::string authority_of(std::string_view url) {
  std::size_t start;
  if (url.rfind("http://", 0) == 0) {
    start = 7;
  } else if (url.rfind("https://", 0) == 0) {
    start = 8;
  } else {
    return {};
  }
  const std::size_t end = url.find_first_of("/?#", start);
  return std::string(url.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start));
}

std::string ascii_lower(std::string s) {
  for (char& c : s) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return s;
}

}  // namespace

bool same_origin(const HttpRequest& request) {
  auto source = request.header("Origin");
  if (!source) source = request.header("Referer");
  if (!source) return true;
  const auto host = request.header("Host");
  if (!host) return false;
  const std::string authority = ascii_lower(authority_of(*source));
  return !authority.empty() && authority == ascii_lower(*host);
}

}  // namespace xmlrpc
