#include "web-ui/value_json.h"

#include <cmath>
#include <cstdio>
#include <type_traits>

#include "web-ui/html_text.h"

namespace sup::webui {
namespace {

void append(std::string& out, const xmlrpc::Value& value) {
  std::visit(
      [&out](const auto& v) {
        using T = std::decay_t<decltype(v)>;
        if constexpr (std::is_same_v<T, xmlrpc::Nil>) {
          out += "null";
        } else if constexpr (std::is_same_v<T, bool>) {
          out += v ? "true" : "false";
        } else if constexpr (std::is_same_v<T, std::int64_t>) {
          out += std::to_string(v);
        } else if constexpr (std::is_same_v<T, double>) {
          if (!std::isfinite(v)) {
            out += "null";
          } else {
            char buf[32];
            std::snprintf(buf, sizeof buf, "%.17g", v);
            out += buf;
          }
        } else if constexpr (std::is_same_v<T, std::string>) {
          out += json_quote(v);
        } else if constexpr (std::is_same_v<T, xmlrpc::DateTime>) {
          out += json_quote(v.iso8601);
        } else if constexpr (std::is_same_v<T, xmlrpc::Binary>) {
          out += json_quote(v.bytes);
        } else if constexpr (std::is_same_v<T, xmlrpc::Array>) {
          out += '[';
          for (std::size_t i = 0; i < v.size(); ++i) {
            if (i > 0) out += ',';
            append(out, v[i]);
          }
          out += ']';
        } else {
          out += '{';
          bool first = true;
          for (const auto& [key, member] : v) {
            if (!first) out += ',';
            first = false;
            out += json_quote(key);
            out += ':';
            append(out, member);
          }
          out += '}';
        }
      },
      value.storage());
}

}  // namespace

std::string to_json(const xmlrpc::Value& value) {
  std::string out;
  append(out, value);
  return out;
}

}  // namespace sup::webui
