#include "common/pyformat.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "common/pyrepr.h"
#include "common/pystr.h"

namespace sup {

void Expansions::set(const std::string& key, ExpansionValue value) {
  for (auto& item : items_) {
    if (item.first == key) {
      item.second = std::move(value);
      return;
    }
  }
  items_.emplace_back(key, std::move(value));
}

void Expansions::update(const Expansions& other) {
  for (const auto& item : other.items_) set(item.first, item.second);
}

const ExpansionValue* Expansions::find(const std::string& key) const {
  for (const auto& item : items_) {
    if (item.first == key) return &item.second;
  }
  return nullptr;
}

std::vector<std::string> Expansions::sorted_keys() const {
  std::vector<std::string> keys;
  for (const auto& item : items_) keys.push_back(item.first);
  std::sort(keys.begin(), keys.end());
  return keys;
}

namespace {

std::string value_repr(const ExpansionValue& v) {
  if (const auto* s = std::get_if<std::string>(&v)) return py_repr(*s);
  return std::to_string(std::get<std::int64_t>(v));
}

std::string value_str(const ExpansionValue& v) {
  if (const auto* s = std::get_if<std::string>(&v)) return *s;
  return std::to_string(std::get<std::int64_t>(v));
}

// ascii(): repr() with every non-ASCII code point escaped.
std::string ascii_repr(const std::string& repr) {
  std::string out;
  for (std::size_t i = 0; i < repr.size();) {
    char32_t c = utf8_next(repr, i);
    if (c < 0x80) {
      out.push_back(static_cast<char>(c));
    } else if (c < 0x100) {
      out += fmt::format("\\x{:02x}", static_cast<unsigned>(c));
    } else if (c < 0x10000) {
      out += fmt::format("\\u{:04x}", static_cast<unsigned>(c));
    } else {
      out += fmt::format("\\U{:08x}", static_cast<unsigned>(c));
    }
  }
  return out;
}

// One argument of the format: a looked-up value or the whole mapping (bare "%s").
struct Arg {
  const ExpansionValue* value = nullptr;  // null: the mapping itself
};

std::string type_name(const Arg& a) {
  if (!a.value) return "dict";
  return std::holds_alternative<std::string>(*a.value) ? "str" : "int";
}

struct Spec {
  bool left = false, plus = false, space = false, alt = false, zero = false;
  int width = -1;
  int prec = -1;
};

std::string pad(std::string body, const Spec& spec, bool numeric) {
  std::size_t len = utf8_length(body);
  if (spec.width < 0 || len >= static_cast<std::size_t>(spec.width)) return body;
  std::size_t fill = spec.width - len;
  if (spec.left) return body + std::string(fill, ' ');
  if (spec.zero && numeric) {
    // Zeros go after the sign and any 0x/0o prefix.
    std::size_t at = 0;
    if (!body.empty() && (body[0] == '-' || body[0] == '+' || body[0] == ' ')) at = 1;
    if (body.size() >= at + 2 && body[at] == '0' &&
        (body[at + 1] == 'x' || body[at + 1] == 'X' || body[at + 1] == 'o')) {
      at += 2;
    }
    return body.substr(0, at) + std::string(fill, '0') + body.substr(at);
  }
  return std::string(fill, ' ') + body;
}

std::string format_integer(std::int64_t v, char conv, const Spec& spec) {
  bool neg = v < 0;
  unsigned long long mag = neg ? 0ULL - static_cast<unsigned long long>(v) : v;
  std::string digits;
  std::string prefix;
  if (conv == 'o') {
    digits = fmt::format("{:o}", mag);
    if (spec.alt) prefix = "0o";
  } else if (conv == 'x') {
    digits = fmt::format("{:x}", mag);
    if (spec.alt) prefix = "0x";
  } else if (conv == 'X') {
    digits = fmt::format("{:X}", mag);
    if (spec.alt) prefix = "0X";
  } else {
    digits = std::to_string(mag);
  }
  if (spec.prec >= 0 && digits.size() < static_cast<std::size_t>(spec.prec)) {
    digits = std::string(spec.prec - digits.size(), '0') + digits;
  }
  std::string sign = neg ? "-" : spec.plus ? "+" : spec.space ? " " : "";
  return pad(sign + prefix + digits, spec, true);
}

std::string format_float(double v, char conv, const Spec& spec) {
  std::string flags;
  if (spec.plus) flags += '+';
  if (spec.space) flags += ' ';
  if (spec.alt) flags += '#';
  int prec = spec.prec < 0 ? 6 : spec.prec;
  char buf[512];
  std::string f = "%" + flags + "." + std::to_string(prec) + conv;
  std::snprintf(buf, sizeof buf, f.c_str(), v);
  return pad(buf, spec, true);
}

}  // namespace

std::string Expansions::repr() const {
  std::string out = "{";
  bool first = true;
  for (const auto& [k, v] : items_) {
    if (!first) out += ", ";
    first = false;
    out += py_repr(k) + ": " + value_repr(v);
  }
  return out + "}";
}

FormatResult percent_format(const std::string& format, const Expansions& mapping) {
  std::u32string f = utf8_to_u32(format);
  FormatResult r;
  std::string& out = r.text;
  // CPython's argument cursor for a mapping: the mapping itself serves one unnamed
  // conversion; after a %(key) lookup the looked-up value has been consumed.
  int argidx = -2;
  const ExpansionValue* current = nullptr;  // null = the mapping
  auto next_arg = [&](Arg& a) -> bool {
    if (argidx < -1) {
      ++argidx;
      a.value = current;
      return true;
    }
    r.error = "not enough arguments for format string";
    return false;
  };
  std::size_t i = 0;
  while (i < f.size()) {
    if (f[i] != '%') {
      utf8_append(out, f[i++]);
      continue;
    }
    ++i;
    if (i >= f.size()) {
      r.error = "incomplete format";
      return r;
    }
    if (f[i] == '(') {
      int depth = 1;
      std::size_t start = ++i;
      while (i < f.size() && depth > 0) {
        if (f[i] == ')') --depth;
        else if (f[i] == '(') ++depth;
        ++i;
      }
      if (depth > 0) {
        r.error = "incomplete format key";
        return r;
      }
      std::string key = u32_to_utf8(f.substr(start, i - 1 - start));
      const ExpansionValue* v = mapping.find(key);
      if (!v) {
        r.missing_key = py_repr(key);
        return r;
      }
      current = v;
      argidx = -2;
    }
    Spec spec;
    for (; i < f.size(); ++i) {
      char32_t c = f[i];
      if (c == '-') spec.left = true;
      else if (c == '+') spec.plus = true;
      else if (c == ' ') spec.space = true;
      else if (c == '#') spec.alt = true;
      else if (c == '0') spec.zero = true;
      else break;
    }
    auto read_number = [&](int& target) -> bool {
      if (i < f.size() && f[i] == '*') {
        Arg a;
        if (!next_arg(a)) return false;
        if (!a.value || !std::holds_alternative<std::int64_t>(*a.value)) {
          r.error = "* wants int";
          return false;
        }
        target = static_cast<int>(std::get<std::int64_t>(*a.value));
        ++i;
        return true;
      }
      if (i < f.size() && f[i] >= '0' && f[i] <= '9') {
        long long n = 0;
        while (i < f.size() && f[i] >= '0' && f[i] <= '9') {
          n = n * 10 + (f[i] - '0');
          if (n > 0x7fffffff) {
            r.error = "width too big";
            return false;
          }
          ++i;
        }
        target = static_cast<int>(n);
      }
      return true;
    };
    if (!read_number(spec.width)) return r;
    if (spec.width < 0 && spec.width != -1) {
      spec.left = true;
      spec.width = -spec.width;
    }
    if (i < f.size() && f[i] == '.') {
      ++i;
      spec.prec = 0;
      if (!read_number(spec.prec)) return r;
    }
    while (i < f.size() && (f[i] == 'h' || f[i] == 'l' || f[i] == 'L')) ++i;
    if (i >= f.size()) {
      r.error = "incomplete format";
      return r;
    }
    char32_t conv = f[i];
    std::size_t conv_index = i;
    ++i;
    if (conv == '%') {
      out.push_back('%');
      continue;
    }
    Arg a;
    if (!next_arg(a)) return r;
    switch (conv) {
      case 's':
      case 'r':
      case 'a': {
        std::string s;
        if (!a.value) {
          s = mapping.repr();
        } else if (conv == 's') {
          s = value_str(*a.value);
        } else {
          s = value_repr(*a.value);
        }
        if (conv == 'a') s = ascii_repr(s);
        if (spec.prec >= 0) {
          std::u32string u = utf8_to_u32(s);
          if (u.size() > static_cast<std::size_t>(spec.prec)) s = u32_to_utf8(u.substr(0, spec.prec));
        }
        out += pad(s, spec, false);
        break;
      }
      case 'd':
      case 'i':
      case 'u':
      case 'o':
      case 'x':
      case 'X': {
        if (!a.value || !std::holds_alternative<std::int64_t>(*a.value)) {
          bool real = conv == 'd' || conv == 'i' || conv == 'u';
          r.error = fmt::format("%{} format: {} is required, not {}", static_cast<char>(conv),
                                real ? "a real number" : "an integer", type_name(a));
          return r;
        }
        char c = static_cast<char>(conv);
        out += format_integer(std::get<std::int64_t>(*a.value), c == 'i' || c == 'u' ? 'd' : c,
                              spec);
        break;
      }
      case 'e':
      case 'E':
      case 'f':
      case 'F':
      case 'g':
      case 'G': {
        if (!a.value || !std::holds_alternative<std::int64_t>(*a.value)) {
          r.error = "must be real number, not " + type_name(a);
          return r;
        }
        out += format_float(static_cast<double>(std::get<std::int64_t>(*a.value)),
                            static_cast<char>(conv), spec);
        break;
      }
      case 'c': {
        if (a.value && std::holds_alternative<std::string>(*a.value) &&
            utf8_length(std::get<std::string>(*a.value)) == 1) {
          out += pad(std::get<std::string>(*a.value), spec, false);
        } else if (a.value && std::holds_alternative<std::int64_t>(*a.value)) {
          std::int64_t n = std::get<std::int64_t>(*a.value);
          if (n < 0 || n > 0x10FFFF) {
            r.error = "%c arg not in range(0x110000)";
            return r;
          }
          std::string ch;
          utf8_append(ch, static_cast<char32_t>(n));
          out += pad(ch, spec, false);
        } else {
          r.error = "%c requires int or char";
          return r;
        }
        break;
      }
      default: {
        std::string shown;
        if (conv >= 0x20 && conv < 0x7F) {
          shown = std::string(1, static_cast<char>(conv));
        } else {
          shown = py_repr(u32_to_utf8(std::u32string(1, conv)));
          shown = shown.substr(1, shown.size() - 2);
        }
        r.error = fmt::format("unsupported format character '{}' (0x{:x}) at index {}", shown,
                              static_cast<unsigned>(conv), conv_index);
        return r;
      }
    }
  }
  return r;
}

ExpandResult expand(const std::string& s, const Expansions& expansions, const std::string& name) {
  FormatResult f = percent_format(s, expansions);
  ExpandResult r;
  if (f.missing_key) {
    std::string available;
    for (const auto& k : expansions.sorted_keys()) {
      if (!available.empty()) available += ", ";
      available += k;
    }
    r.error = "Format string " + py_repr(s) + " for " + py_repr(name) + " contains names (" +
              *f.missing_key + ") which cannot be expanded. Available names: " + available;
  } else if (f.error) {
    r.error = "Format string " + py_repr(s) + " for " + py_repr(name) +
              " is badly formatted: " + *f.error;
  } else {
    r.text = std::move(f.text);
  }
  return r;
}

}  // namespace sup
