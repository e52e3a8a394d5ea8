// Serving the embedded assets (web-ui/assets/*) under /ui/<file>: content type from the
// extension, an ETag from the content, and cache headers. Pages link assets with
// "?v=<etag>" so that those URLs can be cached for a year: a new build changes the URL.
#pragma once

#include <string>
#include <string_view>

#include "xmlrpc/http_message.h"

namespace sup::webui {

inline constexpr std::string_view kAssetPrefix = "/ui/";

struct StaticAsset {
  std::string name;          // "status.css"
  std::string_view data;     // embedded bytes
  std::string content_type;  // "text/css; charset=utf-8"
  std::string etag;          // 16 hex digits of a content hash, without quotes
};

// nullptr when there is no asset called `name`.
const StaticAsset* find_asset(std::string_view name);

// Relative URL for a page to link, with the cache-busting version: "ui/status.css?v=…".
std::string asset_url(std::string_view name);

// "text/css; charset=utf-8", ... by extension; "application/octet-stream" when unknown.
std::string content_type_for(std::string_view name);

// The whole answer for GET/HEAD `request` whose path starts with kAssetPrefix: 200 with the
// bytes, 304 when If-None-Match has the ETag, 404 for unknown names.
xmlrpc::HttpResponse asset_response(const xmlrpc::HttpRequest& request);

}  // namespace sup::webui
