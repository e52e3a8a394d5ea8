#include "supervisorctl/json_output.h"

#include <cmath>
#include <type_traits>

namespace sup::ctl {

nlohmann::json to_json(const xmlrpc::Value& value) {
  return std::visit(
      [](const auto& v) -> nlohmann::json {
        using T = std::decay_t<decltype(v)>;
        if constexpr (std::is_same_v<T, xmlrpc::Nil>) {
          return nullptr;
        } else if constexpr (std::is_same_v<T, double>) {
          return std::isfinite(v) ? nlohmann::json(v) : nlohmann::json(nullptr);
        } else if constexpr (std::is_same_v<T, xmlrpc::DateTime>) {
          return v.iso8601;
        } else if constexpr (std::is_same_v<T, xmlrpc::Binary>) {
          return v.bytes;
        } else if constexpr (std::is_same_v<T, xmlrpc::Array>) {
          nlohmann::json out = nlohmann::json::array();
          for (const auto& item : v) out.push_back(to_json(item));
          return out;
        } else if constexpr (std::is_same_v<T, xmlrpc::Struct>) {
          nlohmann::json out = nlohmann::json::object();
          for (const auto& [k, item] : v) out[k] = to_json(item);
          return out;
        } else {
          return v;
        }
      },
      value.storage());
}

std::string dump_json(const nlohmann::json& value) {
  return value.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

}  // namespace sup::ctl
