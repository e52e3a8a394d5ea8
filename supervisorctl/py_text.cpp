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

std::string py_bytes_repr(std::string_view bytes) {
  const bool has_single = bytes.find('\'') != std::string_view::npos;
  const bool has_double = bytes.find('"') != std::string_view::npos;
  const char quote = (has_single && !has_double) ? '"' : '\'';
  std::string out = "b";
  out += quote;
  for (const char ch : bytes) {
    const auto c = static_cast<unsigned char>(ch);
    if (ch == quote || ch == '\\') {
      out += '\\';
      out += ch;
    } else if (ch == '\n') {
      out += "\\n";
    } else if (ch == '\r') {
      out += "\\r";
    } else if (ch == '\t') {
      out += "\\t";
    } else if (c < 0x20 || c >= 0x7f) {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\x%02x", c);
      out += buf;
    } else {
      out += ch;
    }
  }
  out += quote;
  return out;
}

}  // namespace sup::ctl
