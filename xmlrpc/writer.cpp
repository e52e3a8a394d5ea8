#include "xmlrpc/writer.h"

#include <charconv>
#include <cmath>
#include <cstdlib>
#include <limits>
#include <type_traits>
#include <variant>

#include "xmlrpc/base64.h"
#include "xmlrpc/utf8.h"

namespace xmlrpc {
namespace {

constexpr std::int64_t kMinInt = std::numeric_limits<std::int32_t>::min();
constexpr std::int64_t kMaxInt = std::numeric_limits<std::int32_t>::max();

void append_int(std::string& out, std::int64_t v) {
  char buf[24];
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, v);
  (void)ec;  // 24 bytes always suffice for an int64
  out.append(buf, end);
}

}  // namespace

void append_escaped(std::string& out, std::string_view text) {
  std::size_t start = 0;  // first byte not yet appended
  std::size_t i = 0;
  const auto flush_and = [&](std::string_view replacement, std::size_t consumed) {
    out.append(text.data() + start, i - start);
    out += replacement;
    i += consumed;
    start = i;
  };
  while (i < text.size()) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c >= 0x80) {
      const std::size_t n = utf8_sequence_length(text, i);
      // U+FFFE and U+FFFF are EF BF BE / EF BF BF: valid UTF-8, not XML characters.
      if (n == 0 || (n == 3 && c == 0xEF && static_cast<unsigned char>(text[i + 1]) == 0xBF &&
                     static_cast<unsigned char>(text[i + 2]) >= 0xBE)) {
        flush_and(kUtf8Replacement, n == 0 ? 1 : 3);
      } else {
        i += n;
      }
    } else if (c == '&') {
      flush_and("&amp;", 1);
    } else if (c == '<') {
      flush_and("&lt;", 1);
    } else if (c == '>') {
      flush_and("&gt;", 1);
    } else if (c < 0x20 && c != '\t' && c != '\n' && c != '\r') {
      flush_and(kUtf8Replacement, 1);
    } else {
      ++i;
    }
  }
  out.append(text.data() + start, text.size() - start);
}

std::string python_float_repr(double v) {
  if (std::isnan(v)) return "nan";
  if (std::isinf(v)) return v < 0 ? "-inf" : "inf";
  // Shortest round-trip digits, then laid out as Python's float_repr_style 'r' does:
  // positional for decimal exponents in [-4, 16), scientific otherwise.
  char buf[64];
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, v, std::chars_format::scientific);
  (void)ec;
  std::string_view sci(buf, static_cast<std::size_t>(end - buf));
  const bool negative = sci.front() == '-';
  if (negative) sci.remove_prefix(1);
  const std::size_t e_pos = sci.find('e');
  std::string digits;
  for (char c : sci.substr(0, e_pos)) {
    if (c != '.') digits += c;
  }
  const int exponent = std::atoi(std::string(sci.substr(e_pos + 1)).c_str());
  std::string out = negative ? "-" : "";
  if (exponent >= -4 && exponent < 16) {
    if (exponent < 0) {
      out += "0.";
      out.append(static_cast<std::size_t>(-exponent - 1), '0');
      out += digits;
    } else if (static_cast<std::size_t>(exponent) + 1 >= digits.size()) {
      out += digits;
      out.append(static_cast<std::size_t>(exponent) + 1 - digits.size(), '0');
      out += ".0";
    } else {
      out += digits.substr(0, static_cast<std::size_t>(exponent) + 1);
      out += '.';
      out += digits.substr(static_cast<std::size_t>(exponent) + 1);
    }
    return out;
  }
  out += digits[0];
  if (digits.size() > 1) {
    out += '.';
    out += digits.substr(1);
  }
  out += exponent < 0 ? "e-" : "e+";
  const int magnitude = std::abs(exponent);
  if (magnitude < 10) out += '0';
  out += std::to_string(magnitude);
  return out;
}

void Writer::value(const Value& v) {
  std::visit(
      [this](const auto& x) {
        using T = std::decay_t<decltype(x)>;
        if constexpr (std::is_same_v<T, Nil>) {
          nil_value();
        } else if constexpr (std::is_same_v<T, bool>) {
          bool_value(x);
        } else if constexpr (std::is_same_v<T, std::int64_t>) {
          int_value(x);
        } else if constexpr (std::is_same_v<T, double>) {
          double_value(x);
        } else if constexpr (std::is_same_v<T, std::string>) {
          string_value(x);
        } else if constexpr (std::is_same_v<T, DateTime>) {
          datetime_value(x.iso8601);
        } else if constexpr (std::is_same_v<T, Binary>) {
          binary_value(x.bytes);
        } else if constexpr (std::is_same_v<T, Array>) {
          begin_array();
          for (const Value& item : x) value(item);
          end_array();
        } else {
          static_assert(std::is_same_v<T, Struct>);
          begin_struct();
          for (const auto& [name, item] : x) member_value(name, item);
          end_struct();
        }
      },
      v.storage());
}

void Writer::int_value(std::int64_t v) {
  if (v < kMinInt || v > kMaxInt) ok_ = false;
  out_ += "<value><int>";
  append_int(out_, v);
  out_ += "</int></value>\n";
}

void Writer::bool_value(bool v) {
  out_ += v ? "<value><boolean>1</boolean></value>\n" : "<value><boolean>0</boolean></value>\n";
}

void Writer::string_value(std::string_view v) {
  out_ += "<value><string>";
  append_escaped(out_, v);
  out_ += "</string></value>\n";
}

void Writer::double_value(double v) {
  out_ += "<value><double>";
  out_ += python_float_repr(v);
  out_ += "</double></value>\n";
}

void Writer::datetime_value(std::string_view iso8601) {
  out_ += "<value><dateTime.iso8601>";
  append_escaped(out_, iso8601);
  out_ += "</dateTime.iso8601></value>\n";
}

void Writer::binary_value(std::string_view bytes) {
  out_ += "<value><base64>\n";
  out_ += base64_encode_lines(bytes);
  out_ += "</base64></value>\n";
}

// Python writes no newline after <nil/>; kept for byte-identical output.
void Writer::nil_value() { out_ += "<value><nil/></value>"; }

void Writer::begin_array() { out_ += "<value><array><data>\n"; }
void Writer::end_array() { out_ += "</data></array></value>\n"; }
void Writer::begin_struct() { out_ += "<value><struct>\n"; }
void Writer::end_struct() { out_ += "</struct></value>\n"; }

void Writer::begin_member(std::string_view name) {
  out_ += "<member>\n<name>";
  append_escaped(out_, name);
  out_ += "</name>\n";
}

void Writer::end_member() { out_ += "</member>\n"; }

void Writer::member_int(std::string_view name, std::int64_t v) {
  begin_member(name);
  int_value(v);
  end_member();
}

void Writer::member_bool(std::string_view name, bool v) {
  begin_member(name);
  bool_value(v);
  end_member();
}

void Writer::member_string(std::string_view name, std::string_view v) {
  begin_member(name);
  string_value(v);
  end_member();
}

void Writer::member_value(std::string_view name, const Value& v) {
  begin_member(name);
  value(v);
  end_member();
}

}  // namespace xmlrpc
