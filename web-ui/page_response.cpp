#include "web-ui/page_response.h"

#include "web-ui/html_text.h"

namespace sup::webui {
namespace {

void add_security_headers(xmlrpc::HttpHeaders& headers) {
  // Everything the page needs is same-origin; the frame ban keeps action buttons from being
  // clickjacked by another site.
  headers.push_back({"Content-Security-Policy",
                     "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
                     "connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"});
  headers.push_back({"X-Frame-Options", "DENY"});
  headers.push_back({"X-Content-Type-Options", "nosniff"});
  headers.push_back({"Referrer-Policy", "same-origin"});
}

void add_no_cache(xmlrpc::HttpHeaders& headers) {
  headers.push_back({"Pragma", "no-cache"});
  headers.push_back({"Cache-Control", "no-cache"});
  headers.push_back({"Expires", "Thu, 01 Jan 1970 00:00:00 GMT"});
}

}  // namespace

xmlrpc::HttpResponse html_page(std::string body) {
  xmlrpc::HttpResponse r;
  r.headers.push_back({"Content-Type", "text/html;charset=utf-8"});
  add_no_cache(r.headers);
  add_security_headers(r.headers);
  r.body = std::move(body);
  return r;
}

xmlrpc::HttpResponse redirect_with_message(const xmlrpc::HttpRequest& request, std::string_view message) {
  std::string base;
  if (auto host = request.header("Host"); host && !host->empty()) {
    std::string h = *host;
    if (h.size() > 3 && h.compare(h.size() - 3, 3, ":80") == 0) h.resize(h.size() - 3);
    base = "http://" + h;
  }
  xmlrpc::HttpResponse r = xmlrpc::error_response(301);
  r.headers.push_back({"Location", base + "/?message=" + url_quote(message, "/")});
  add_no_cache(r.headers);
  return r;
}

xmlrpc::HttpResponse error_page(int status) {
  xmlrpc::HttpResponse r = xmlrpc::error_response(status);
  add_security_headers(r.headers);
  return r;
}

xmlrpc::HttpResponse json_message(int status, std::string_view key, std::string_view text) {
  xmlrpc::HttpResponse r;
  r.status = status;
  r.headers.push_back({"Content-Type", "application/json"});
  r.headers.push_back({"Cache-Control", "no-store"});
  r.headers.push_back({"X-Content-Type-Options", "nosniff"});
  r.body = "{" + json_quote(key) + ":" + json_quote(text) + "}";
  return r;
}

bool wants_json(const xmlrpc::HttpRequest& request) {
  auto accept = request.header("Accept");
  return accept && accept->find("application/json") != std::string::npos;
}

}  // namespace sup::webui
