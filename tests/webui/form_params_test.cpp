#include "web-ui/form_params.h"

#include <catch2/catch.hpp>

using namespace sup::webui;

namespace {

xmlrpc::HttpRequest request(std::string method, std::string query, std::string body = {},
                            std::string type = "application/x-www-form-urlencoded") {
  xmlrpc::HttpRequest r;
  r.method = std::move(method);
  r.path = "/index.html";
  r.query = std::move(query);
  r.body = std::move(body);
  if (!type.empty()) r.headers.push_back({"Content-Type", type});
  return r;
}

}  // namespace

TEST_CASE("query keeps the first value, empty values are absent", "[webui]") {
  auto p = FormParams::from_request(request("GET", "action=stop&action=start&processname=&x=1"));
  CHECK(p.get("action") == "stop");
  CHECK_FALSE(p.get("processname"));
  CHECK(p.get("x") == "1");
  CHECK(p.get_or("missing", "dflt") == "dflt");
}

TEST_CASE("percent-encoded namespecs decode", "[webui]") {
  auto p = FormParams::from_request(request("GET", "processname=grp%3Ab&message=Hello+%3Cb%3E"));
  CHECK(p.get("processname") == "grp:b");
  CHECK(p.get("message") == "Hello <b>");
}

TEST_CASE("POST body overrides the query and keeps its last value", "[webui]") {
  auto p = FormParams::from_request(request("POST", "action=stop&processname=a", "action=start&action=restart"));
  CHECK(p.get("action") == "restart");
  CHECK(p.get("processname") == "a");
}

TEST_CASE("other POST body types are ignored", "[webui]") {
  auto p = FormParams::from_request(request("POST", "action=refresh", "action=stopall", "text/plain"));
  CHECK(p.get("action") == "refresh");
  auto none = FormParams::from_request(request("POST", "", "action=stopall", ""));
  CHECK_FALSE(none.get("action"));
}
