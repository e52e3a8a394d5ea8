#include "supervisorctl/py_text.h"

#include <cstdio>

namespace sup::ctl {

std::string pad_right(std::string_view text, std::size_t width) {
  std::string out(text);
  const std::size_t have = utf8_length(out);
  if (have < width) out.append(width - have, ' ');
  return out;
}

std::string py_str(const xmlrpc::Value& value) {
  if (value.is_string()) return value.as_string();
  if (value.is_bool()) return value.as_bool() ? "True" : "False";
  if (value.is_int()) return std::to_string(value.as_int());
  if (value.is_double()) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.17g", value.as_double());
    return buf;
  }
  if (value.is_nil()) return "None";
  if (value.is_datetime()) return value.as_datetime().iso8601;
  if (value.is_binary()) return value.as_binary().bytes;
  return "<compound value>";
}

}  // namespace sup::ctl
