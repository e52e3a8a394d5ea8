#include "common/pystr.h"

#include <limits>

namespace sup {

namespace {

// First code points of the runs of ten Unicode decimal digits (category Nd) that
// configuration values can plausibly contain; int() accepts all of them.
constexpr char32_t kDigitZeros[] = {
    0x30,    0x660,   0x6F0,   0x7C0,   0x966,   0x9E6,   0xA66,   0xAE6,   0xB66,
    0xBE6,   0xC66,   0xCE6,   0xD66,   0xDE6,   0xE50,   0xED0,   0xF20,   0x1040,
    0x1090,  0x17E0,  0x1810,  0x1946,  0x19D0,  0x1A80,  0x1A90,  0x1B50,  0x1BB0,
    0x1C40,  0x1C50,  0xA620,  0xA8D0,  0xA900,  0xA9D0,  0xA9F0,  0xAA50,  0xABF0,
    0xFF10,  0x104A0, 0x11066, 0x110F0, 0x11136, 0x111D0, 0x112F0, 0x11450, 0x114D0,
    0x11650, 0x116C0, 0x11730, 0x118E0, 0x16A60, 0x16B50, 0x1D7CE, 0x1D7D8, 0x1D7E2,
    0x1D7EC, 0x1D7F6, 0x1E950};

int digit_value(char32_t c) {
  for (char32_t zero : kDigitZeros) {
    if (c >= zero && c < zero + 10) return static_cast<int>(c - zero);
  }
  return -1;
}

}  // namespace

bool is_ascii(std::string_view s) {
  for (char c : s) {
    if (static_cast<unsigned char>(c) >= 0x80) return false;
  }
  return true;
}

bool py_isspace(char32_t c) {
  return (c >= 0x09 && c <= 0x0D) || (c >= 0x1C && c <= 0x20) || c == 0x85 || c == 0xA0 ||
         c == 0x1680 || (c >= 0x2000 && c <= 0x200A) || c == 0x2028 || c == 0x2029 ||
         c == 0x202F || c == 0x205F || c == 0x3000;
}

std::string py_lstrip(const std::string& s) {
  std::size_t i = 0;
  while (i < s.size()) {
    std::size_t j = i;
    if (!py_isspace(utf8_next(s, j))) break;
    i = j;
  }
  return s.substr(i);
}

std::string py_rstrip(const std::string& s) {
  if (is_ascii(s)) {
    std::size_t end = s.size();
    while (end > 0 && py_isspace(static_cast<unsigned char>(s[end - 1]))) --end;
    return s.substr(0, end);
  }
  std::u32string u = utf8_to_u32(s);
  while (!u.empty() && py_isspace(u.back())) u.pop_back();
  return u32_to_utf8(u);
}

std::string py_strip(const std::string& s) { return py_rstrip(py_lstrip(s)); }

std::vector<std::string> py_split_whitespace(const std::string& s) {
  std::vector<std::string> out;
  std::string cur;
  bool in_word = false;
  for (std::size_t i = 0; i < s.size();) {
    std::size_t start = i;
    char32_t c = utf8_next(s, i);
    if (py_isspace(c)) {
      if (in_word) out.push_back(cur);
      cur.clear();
      in_word = false;
    } else {
      cur.append(s, start, i - start);
      in_word = true;
    }
  }
  if (in_word) out.push_back(cur);
  return out;
}

namespace {

// Simple case mapping for the scripts that real configuration files use (Latin-1,
// Latin Extended-A, Greek, Cyrillic); other code points are unchanged.
char32_t to_lower(char32_t c) {
  if (c >= 'A' && c <= 'Z') return c + 32;
  if ((c >= 0xC0 && c <= 0xDE && c != 0xD7)) return c + 32;
  if (c >= 0x100 && c <= 0x17F && c != 0x130 && c != 0x131 && c != 0x138 && c != 0x149 &&
      c != 0x17F) {
    bool odd_lower = (c >= 0x139 && c <= 0x148) || (c >= 0x179 && c <= 0x17E);
    if (odd_lower) return (c % 2 == 1) ? c + 1 : c;
    return (c % 2 == 0) ? c + 1 : c;
  }
  if (c >= 0x391 && c <= 0x3AB && c != 0x3A2) return c + 32;
  if (c >= 0x410 && c <= 0x42F) return c + 32;
  if (c >= 0x400 && c <= 0x40F) return c + 80;
  return c;
}

char32_t to_upper(char32_t c) {
  if (c >= 'a' && c <= 'z') return c - 32;
  if (c >= 0xE0 && c <= 0xFE && c != 0xF7) return c - 32;
  if (c >= 0x3B1 && c <= 0x3CB && c != 0x3C2) return c - 32;
  if (c >= 0x430 && c <= 0x44F) return c - 32;
  if (c >= 0x450 && c <= 0x45F) return c - 80;
  if (c >= 0x100 && c <= 0x17F && c != 0x130 && c != 0x131 && c != 0x138 && c != 0x149 &&
      c != 0x17F) {
    bool odd_lower = (c >= 0x139 && c <= 0x148) || (c >= 0x179 && c <= 0x17E);
    if (odd_lower) return (c % 2 == 0) ? c - 1 : c;
    return (c % 2 == 1) ? c - 1 : c;
  }
  return c;
}

}  // namespace

std::string py_lower(const std::string& s) {
  if (is_ascii(s)) {
    std::string out = s;
    for (char& c : out) {
      if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    }
    return out;
  }
  std::string out;
  for (std::size_t i = 0; i < s.size();) utf8_append(out, to_lower(utf8_next(s, i)));
  return out;
}

std::string py_upper(const std::string& s) {
  std::string out;
  for (std::size_t i = 0; i < s.size();) utf8_append(out, to_upper(utf8_next(s, i)));
  return out;
}

IntParse py_int_parse(std::string_view text, int base) {
  // CPython first maps non-ASCII whitespace to ' ' and non-ASCII decimal digits to ASCII
  // ones, then parses the bytes, skipping only ASCII whitespace: so "\xa05" is 5 while
  // "\x1c5" (which str.strip() would strip) is not a number.
  std::string ascii;
  ascii.reserve(text.size());
  for (std::size_t i = 0; i < text.size();) {
    const char32_t c = utf8_next(text, i);
    if (c < 0x7F) {
      ascii.push_back(static_cast<char>(c));
    } else if (py_isspace(c)) {
      ascii.push_back(' ');
    } else {
      const int d = digit_value(c);
      ascii.push_back(d < 0 ? '?' : static_cast<char>('0' + d));
    }
  }
  const auto is_space = [](char c) { return c == ' ' || (c >= '\t' && c <= '\r'); };
  const IntParse invalid{IntOutcome::kNotAnInteger, 0};
  std::size_t i = 0;
  std::size_t end = ascii.size();
  while (i < end && is_space(ascii[i])) ++i;
  while (end > i && is_space(ascii[end - 1])) --end;
  bool negative = false;
  if (i < end && (ascii[i] == '+' || ascii[i] == '-')) {
    negative = ascii[i] == '-';
    ++i;
  }
  // Underscores only between digits, or right after a base prefix ("0o_7").
  bool underscore_ok = false;
  if (base == 8 && i + 1 < end && ascii[i] == '0' && (ascii[i + 1] == 'o' || ascii[i + 1] == 'O')) {
    i += 2;
    underscore_ok = true;
  }
  constexpr auto kMagnitudeMax = static_cast<unsigned __int128>(std::numeric_limits<std::int64_t>::max()) + 1;
  unsigned __int128 value = 0;
  bool any = false;
  bool overflow = false;
  for (; i < end; ++i) {
    const char c = ascii[i];
    if (c == '_') {
      if (!underscore_ok) return invalid;
      underscore_ok = false;
      continue;
    }
    if (c < '0' || c >= '0' + base) return invalid;
    // Python's ints are unbounded: keep checking the syntax after the value is too large.
    if (!overflow) value = value * base + static_cast<unsigned>(c - '0');
    overflow = overflow || value > kMagnitudeMax;
    underscore_ok = true;
    any = true;
  }
  if (!any || ascii[end - 1] == '_') return invalid;
  if (overflow || (!negative && value == kMagnitudeMax)) return IntParse{IntOutcome::kOutOfRange, 0};
  return IntParse{IntOutcome::kOk, negative ? static_cast<std::int64_t>(-static_cast<__int128>(value))
                                            : static_cast<std::int64_t>(value)};
}

std::optional<std::int64_t> py_int(const std::string& text, int base) {
  const IntParse parsed = py_int_parse(text, base);
  if (parsed.outcome != IntOutcome::kOk) return std::nullopt;
  return parsed.value;
}

}  // namespace sup
