// Plain HTTP request/response values shared by the server and its handlers, and the fixed
// texts Supervisor's Medusa server puts on the wire (spec §3): reason phrases, the HTML error
// body, RFC 1123 dates.
#pragma once

#include <ctime>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace xmlrpc {

struct HttpHeader {
  std::string name;
  std::string value;
};
using HttpHeaders = std::vector<HttpHeader>;

// Case-insensitive lookup of the first header called `name`.
std::optional<std::string> find_header(const HttpHeaders& headers, std::string_view name);

struct HttpRequest {
  std::string method;   // as sent, case preserved: "GET", "POST", "HEAD", ...
  std::string target;   // the raw request URI, query included
  std::string path;     // the URI's path part (before ';', '?' or '#'), percent-decoded once
  std::string query;    // after '?', not decoded, without the '?'
  unsigned version = 11;  // 10 for HTTP/1.0, 11 for HTTP/1.1
  HttpHeaders headers;  // in arrival order
  std::string body;
  bool keep_alive = true;      // what the client asked for (Connection header and version)
  bool unix_socket = false;    // arrived on a [unix_http_server]
  std::string server_name;     // "<unix domain socket>" or the inet server's host name / IP
  std::string server_section;  // config section of the server, e.g. "inet_http_server"
  std::string peer;            // "ip:port", or "localhost:0" on unix sockets (as Supervisor logs)
  std::optional<std::string> username;  // the authenticated user, if the server checks auth

  std::optional<std::string> header(std::string_view name) const { return find_header(headers, name); }
};

struct HttpResponse {
  int status = 200;
  // Sent after "Server" and "Date", in this order; Content-Length is added by the server.
  HttpHeaders headers;
  std::string body;
};

// "OK", "Not Found", ...; "Unknown" for codes outside RFC 2616.
std::string_view reason_phrase(int status);

// Medusa's error page (spec §3.2), CRLF line endings.
std::string error_body(int status);

// An error response as Medusa builds it: Content-Length and Content-Type: text/html.
HttpResponse error_response(int status);

// "Sun, 22 Nov 2026 11:12:56 GMT" (English names regardless of locale).
std::string http_date(std::time_t t);

// Decodes %XX escapes once; malformed escapes are kept as they are ('+' is not a space).
std::string percent_decode(std::string_view s);

}  // namespace xmlrpc
