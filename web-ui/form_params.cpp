#include "web-ui/form_params.h"

#include <algorithm>
#include <cctype>

#include "web-ui/html_text.h"

namespace sup::webui {

FormParams FormParams::from_request(const xmlrpc::HttpRequest& request) {
  FormParams params;
  params.merge(request.query, /*keep_last=*/false);
  if (request.method == "POST" && is_form_body(request)) {
    // Body values replace query values of the same name, so apply the body after the query.
    FormParams body;
    body.merge(request.body, /*keep_last=*/true);
    for (auto& [name, value] : body.values_) params.values_[name] = std::move(value);
  }
  return params;
}

void FormParams::merge(std::string_view urlencoded, bool keep_last) {
  std::size_t pos = 0;
  while (pos <= urlencoded.size()) {
    std::size_t end = urlencoded.find('&', pos);
    if (end == std::string_view::npos) end = urlencoded.size();
    const std::string_view pair = urlencoded.substr(pos, end - pos);
    pos = end + 1;
    const std::size_t eq = pair.find('=');
    if (eq == std::string_view::npos) continue;  // "name" without "=" carries no value
    std::string name = form_decode(pair.substr(0, eq));
    std::string value = form_decode(pair.substr(eq + 1));
    if (value.empty()) continue;
    if (keep_last) {
      values_[std::move(name)] = std::move(value);
    } else {
      values_.try_emplace(std::move(name), std::move(value));
    }
  }
}

std::optional<std::string> FormParams::get(const std::string& name) const {
  auto it = values_.find(name);
  if (it == values_.end()) return std::nullopt;
  return it->second;
}

std::string FormParams::get_or(const std::string& name, std::string fallback) const {
  auto value = get(name);
  return value ? *value : std::move(fallback);
}

bool is_form_body(const xmlrpc::HttpRequest& request) {
  auto type = request.header("Content-Type");
  if (!type) return false;
  std::string lower = *type;
  std::transform(lower.begin(), lower.end(), lower.begin(), [](unsigned char c) { return std::tolower(c); });
  return lower.rfind("application/x-www-form-urlencoded", 0) == 0;
}

}  // namespace sup::webui
