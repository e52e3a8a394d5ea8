// The embedded assets: present, typed, versioned, cacheable, revalidated by ETag.
#include <catch2/catch.hpp>

#include "web-ui/embedded_assets.h"
#include "web-ui/static_assets.h"

using namespace sup::webui;

namespace {

xmlrpc::HttpRequest get(std::string path, std::string query = {}, std::vector<xmlrpc::HttpHeader> headers = {}) {
  xmlrpc::HttpRequest r;
  r.method = "GET";
  r.path = std::move(path);
  r.query = std::move(query);
  r.headers = std::move(headers);
  return r;
}

}  // namespace

TEST_CASE("the assets are compiled in", "[webui]") {
  const auto* css = find_asset("status.css");
  const auto* js = find_asset("status.js");
  const auto* icon = find_asset("icon.svg");
  REQUIRE(css != nullptr);
  REQUIRE(js != nullptr);
  REQUIRE(icon != nullptr);
  CHECK(css->content_type == "text/css; charset=utf-8");
  CHECK(js->content_type == "text/javascript; charset=utf-8");
  CHECK(icon->content_type == "image/svg+xml");
  CHECK(js->data.find("getAllProcessInfo") != std::string_view::npos);
  CHECK(css->etag.size() == 16);
  CHECK(asset_url("status.css") == "ui/status.css?v=" + css->etag);
  CHECK(find_asset("../status.css") == nullptr);
}

TEST_CASE("asset responses carry type and cache headers", "[webui]") {
  const auto* css = find_asset("status.css");
  REQUIRE(css != nullptr);
  auto versioned = asset_response(get("/ui/status.css", "v=" + css->etag));
  CHECK(versioned.status == 200);
  CHECK(xmlrpc::find_header(versioned.headers, "Content-Type") == "text/css; charset=utf-8");
  CHECK(xmlrpc::find_header(versioned.headers, "Cache-Control") == "public, max-age=31536000, immutable");
  CHECK(versioned.body == css->data);

  auto plain = asset_response(get("/ui/status.css"));
  CHECK(xmlrpc::find_header(plain.headers, "Cache-Control") == "no-cache");
  CHECK(xmlrpc::find_header(plain.headers, "ETag") == "\"" + css->etag + "\"");

  auto revalidated = asset_response(get("/ui/status.css", {}, {{"If-None-Match", "\"" + css->etag + "\""}}));
  CHECK(revalidated.status == 304);
  CHECK(revalidated.body.empty());

  CHECK(asset_response(get("/ui/nope.js")).status == 404);
  CHECK(asset_response(get("/ui/sub/status.css")).status == 404);
}
