// The parameters of a web UI request (web-ui.md §1.1): query string plus, for POST, an
// application/x-www-form-urlencoded body whose values override the query's. For repeated
// names the query keeps the first occurrence, the body the last; empty values count as absent.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "xmlrpc/http_message.h"

namespace sup::webui {

class FormParams final {
 public:
  FormParams() = default;
  static FormParams from_request(const xmlrpc::HttpRequest& request);
  // Parses one urlencoded string; `keep_last`: later duplicates win.
  void merge(std::string_view urlencoded, bool keep_last);

  std::optional<std::string> get(const std::string& name) const;
  std::string get_or(const std::string& name, std::string fallback = {}) const;

 private:
  std::map<std::string, std::string> values_;
};

// True when the body is form data we understand (other POST bodies are ignored).
bool is_form_body(const xmlrpc::HttpRequest& request);

}  // namespace sup::webui
