#include "common/utf8.h"

#include <fmt/format.h>

#include <cstdint>
#include <cstring>

namespace sup {

namespace {

constexpr std::string_view kReplacement = "\xEF\xBF\xBD";  // U+FFFD

// First index at or after `pos` holding a byte >= 0x80, or s.size(). ASCII dominates log
// text and configuration files, so it is skipped eight bytes at a time.
std::size_t skip_ascii(std::string_view s, std::size_t pos) {
  constexpr std::uint64_t kHighBits = 0x8080808080808080ULL;
  while (pos + 8 <= s.size()) {
    std::uint64_t word;
    std::memcpy(&word, s.data() + pos, sizeof word);
    if ((word & kHighBits) != 0) break;
    pos += 8;
  }
  while (pos < s.size() && static_cast<unsigned char>(s[pos]) < 0x80) ++pos;
  return pos;
}

const char* fault_reason(Utf8Fault fault) {
  switch (fault) {
    case Utf8Fault::kInvalidStart: return "invalid start byte";
    case Utf8Fault::kInvalidContinuation: return "invalid continuation byte";
    case Utf8Fault::kUnexpectedEnd: return "unexpected end of data";
  }
  return "invalid start byte";
}

}  // namespace

std::size_t utf8_sequence_length(std::string_view bytes, std::size_t pos, Utf8Error* error) {
  const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(bytes[k]); };
  const auto fail = [&](std::size_t end, Utf8Fault fault) -> std::size_t {
    if (error != nullptr) *error = Utf8Error{pos, end, fault};
    return 0;
  };
  const unsigned char lead = byte(pos);
  if (lead < 0x80) return 1;
  std::size_t length = 0;
  // Python bounds the second byte by the lead byte: that is what refuses overlong forms
  // (E0, F0), surrogates (ED) and code points above U+10FFFF (F4), and it blames only the
  // lead byte for them.
  unsigned char low = 0x80;
  unsigned char high = 0xBF;
  if (lead >= 0xC2 && lead <= 0xDF) {
    length = 2;
  } else if (lead >= 0xE0 && lead <= 0xEF) {
    length = 3;
    if (lead == 0xE0) low = 0xA0;
    if (lead == 0xED) high = 0x9F;
  } else if (lead >= 0xF0 && lead <= 0xF4) {
    length = 4;
    if (lead == 0xF0) low = 0x90;
    if (lead == 0xF4) high = 0x8F;
  } else {
    return fail(pos + 1, Utf8Fault::kInvalidStart);  // C0, C1 (overlong), F5-FF, continuations
  }
  for (std::size_t k = 1; k < length; ++k) {
    if (pos + k >= bytes.size()) return fail(bytes.size(), Utf8Fault::kUnexpectedEnd);
    const unsigned char b = byte(pos + k);
    const bool ok = k == 1 ? (b >= low && b <= high) : (b & 0xC0) == 0x80;
    if (!ok) return fail(pos + k, Utf8Fault::kInvalidContinuation);
  }
  return length;
}

std::optional<Utf8Error> utf8_first_error(std::string_view bytes) {
  for (std::size_t pos = skip_ascii(bytes, 0); pos < bytes.size(); pos = skip_ascii(bytes, pos)) {
    Utf8Error error;
    const std::size_t n = utf8_sequence_length(bytes, pos, &error);
    if (n == 0) return error;
    pos += n;
  }
  return std::nullopt;
}

bool is_valid_utf8(std::string_view bytes) { return !utf8_first_error(bytes).has_value(); }

std::string utf8_error_message(std::string_view bytes, const Utf8Error& error) {
  if (error.end - error.start == 1) {
    return fmt::format("'utf-8' codec can't decode byte 0x{:02x} in position {}: {}",
                       static_cast<unsigned char>(bytes[error.start]), error.start, fault_reason(error.fault));
  }
  return fmt::format("'utf-8' codec can't decode bytes in position {}-{}: {}", error.start, error.end - 1,
                     fault_reason(error.fault));
}

std::string utf8_replace_invalid(std::string_view bytes) {
  std::string out;
  out.reserve(bytes.size());
  std::size_t pos = 0;
  while (pos < bytes.size()) {
    const std::size_t ascii_end = skip_ascii(bytes, pos);
    out.append(bytes, pos, ascii_end - pos);
    pos = ascii_end;
    if (pos == bytes.size()) break;
    Utf8Error error;
    const std::size_t n = utf8_sequence_length(bytes, pos, &error);
    if (n == 0) {
      out += kReplacement;
      pos = error.end;
    } else {
      out.append(bytes, pos, n);
      pos += n;
    }
  }
  return out;
}

char32_t utf8_next(std::string_view s, std::size_t& i) {
  const auto lead = static_cast<unsigned char>(s[i]);
  const std::size_t n = utf8_sequence_length(s, i);
  if (n == 0) {
    ++i;
    return 0xDC00 + lead;
  }
  char32_t cp = n == 1 ? lead : lead & (0x7F >> n);
  for (std::size_t k = 1; k < n; ++k) cp = (cp << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3F);
  i += n;
  return cp;
}

void utf8_append(std::string& out, char32_t cp) {
  if (cp >= 0xDC80 && cp <= 0xDCFF) {  // surrogate-escaped byte
    out.push_back(static_cast<char>(cp - 0xDC00));
  } else if (cp < 0x80) {
    out.push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out.push_back(static_cast<char>(0xC0 | (cp >> 6)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else if (cp < 0x10000) {
    out.push_back(static_cast<char>(0xE0 | (cp >> 12)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else {
    out.push_back(static_cast<char>(0xF0 | (cp >> 18)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  }
}

std::u32string utf8_to_u32(std::string_view s) {
  std::u32string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size();) out.push_back(utf8_next(s, i));
  return out;
}

std::string u32_to_utf8(std::u32string_view s) {
  std::string out;
  out.reserve(s.size());
  for (char32_t c : s) utf8_append(out, c);
  return out;
}

std::size_t utf8_length(std::string_view s) {
  std::size_t n = 0;
  std::size_t i = 0;
  while (i < s.size()) {
    const std::size_t ascii_end = skip_ascii(s, i);
    n += ascii_end - i;
    i = ascii_end;
    if (i == s.size()) break;
    const std::size_t length = utf8_sequence_length(s, i);
    i += length == 0 ? 1 : length;
    ++n;
  }
  return n;
}

}  // namespace sup
