#include "web-ui/static_assets.h"

#include <cstdint>
#include <cstdio>
#include <map>
#include <optional>

#include "web-ui/embedded_assets.h"

namespace sup::webui {
namespace {

std::string fnv1a_hex(std::string_view data) {
  std::uint64_t h = 0xcbf29ce484222325ULL;
  for (char c : data) {
    h ^= static_cast<unsigned char>(c);
    h *= 0x100000001b3ULL;
  }
  char buf[17];
  std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(h));
  return buf;
}

// Built once from the embedded table; read-only afterwards, so sharing it is safe.
const std::map<std::string, StaticAsset, std::less<>>& asset_table() {
  static const auto kTable = [] {
    std::map<std::string, StaticAsset, std::less<>> table;
    for (const auto& file : embedded_asset_files()) {
      StaticAsset asset{std::string(file.name), file.data, content_type_for(file.name), fnv1a_hex(file.data)};
      table.emplace(asset.name, std::move(asset));
    }
    return table;
  }();
  return kTable;
}

bool ends_with(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

// If-None-Match: "*" or a list of (possibly weak) quoted tags.
bool etag_matches(const std::optional<std::string>& header, const std::string& etag) {
  if (!header) return false;
  if (*header == "*") return true;
  return header->find('"' + etag + '"') != std::string::npos;
}

}  // namespace

std::string content_type_for(std::string_view name) {
  struct Type {
    std::string_view ext;
    std::string_view type;
  };
  static constexpr Type kTypes[] = {
      {".css", "text/css; charset=utf-8"},       {".js", "text/javascript; charset=utf-8"},
      {".svg", "image/svg+xml"},                 {".png", "image/png"},
      {".html", "text/html; charset=utf-8"},     {".ico", "image/x-icon"},
      {".txt", "text/plain; charset=utf-8"},     {".json", "application/json"},
  };
  for (const auto& t : kTypes) {
    if (ends_with(name, t.ext)) return std::string(t.type);
  }
  return "application/octet-stream";
}

const StaticAsset* find_asset(std::string_view name) {
  const auto& table = asset_table();
  auto it = table.find(name);
  return it == table.end() ? nullptr : &it->second;
}

std::string asset_url(std::string_view name) {
  std::string url = std::string(kAssetPrefix.substr(1)) + std::string(name);
  if (const auto* asset = find_asset(name)) url += "?v=" + asset->etag;
  return url;
}

xmlrpc::HttpResponse asset_response(const xmlrpc::HttpRequest& request) {
  std::string_view path = request.path;
  if (path.rfind(kAssetPrefix, 0) == 0) path.remove_prefix(kAssetPrefix.size());
  const StaticAsset* asset = path.find('/') == std::string_view::npos ? find_asset(path) : nullptr;
  if (asset == nullptr) return xmlrpc::error_response(404);

  // A versioned URL never changes content; an unversioned one must be revalidated.
  const bool versioned = request.query == "v=" + asset->etag;
  xmlrpc::HttpResponse response;
  response.headers = {
      {"ETag", '"' + asset->etag + '"'},
      {"Cache-Control", versioned ? "public, max-age=31536000, immutable" : "no-cache"},
      {"X-Content-Type-Options", "nosniff"},
  };
  if (etag_matches(request.header("If-None-Match"), asset->etag)) {
    response.status = 304;
    return response;
  }
  response.headers.push_back({"Content-Type", asset->content_type});
  response.body = std::string(asset->data);
  return response;
}

}  // namespace sup::webui
