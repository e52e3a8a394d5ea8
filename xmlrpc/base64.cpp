#include "xmlrpc/base64.h"

#include <array>
#include <cstdint>

namespace xmlrpc {
namespace {

constexpr std::string_view kAlphabet =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
constexpr std::size_t kLineChars = 76;

constexpr std::array<std::int8_t, 256> make_table() {
  std::array<std::int8_t, 256> table{};
  for (auto& entry : table) entry = -1;
  for (std::size_t i = 0; i < kAlphabet.size(); ++i) {
    table[static_cast<unsigned char>(kAlphabet[i])] = static_cast<std::int8_t>(i);
  }
  return table;
}
constexpr auto kDecodeTable = make_table();

}  // namespace

std::string base64_encode(std::string_view bytes) {
  std::string out;
  out.reserve((bytes.size() + 2) / 3 * 4);
  std::size_t i = 0;
  for (; i + 3 <= bytes.size(); i += 3) {
    const std::uint32_t n = (static_cast<unsigned char>(bytes[i]) << 16) |
                            (static_cast<unsigned char>(bytes[i + 1]) << 8) |
                            static_cast<unsigned char>(bytes[i + 2]);
    out += kAlphabet[(n >> 18) & 63];
    out += kAlphabet[(n >> 12) & 63];
    out += kAlphabet[(n >> 6) & 63];
    out += kAlphabet[n & 63];
  }
  const std::size_t rest = bytes.size() - i;
  if (rest > 0) {
    std::uint32_t n = static_cast<unsigned char>(bytes[i]) << 16;
    if (rest == 2) n |= static_cast<unsigned char>(bytes[i + 1]) << 8;
    out += kAlphabet[(n >> 18) & 63];
    out += kAlphabet[(n >> 12) & 63];
    out += rest == 2 ? kAlphabet[(n >> 6) & 63] : '=';
    out += '=';
  }
  return out;
}

std::string base64_encode_lines(std::string_view bytes) {
  const std::string flat = base64_encode(bytes);
  std::string out;
  out.reserve(flat.size() + flat.size() / kLineChars + 1);
  for (std::size_t pos = 0; pos < flat.size(); pos += kLineChars) {
    out.append(flat, pos, kLineChars);
    out += '\n';
  }
  return out;
}

std::optional<std::string> base64_decode_lenient(std::string_view text) {
  std::string out;
  out.reserve(text.size() / 4 * 3);
  std::uint32_t accumulator = 0;
  int quad_pos = 0;
  int pads = 0;
  for (char c : text) {
    if (c == '=') {
      // A pad only counts once two data characters of the quad are in; a full pad sequence
      // ends the input, anything after it is ignored.
      if (quad_pos >= 2 && quad_pos + ++pads >= 4) return out;
      continue;
    }
    const int v = kDecodeTable[static_cast<unsigned char>(c)];
    if (v < 0) continue;
    pads = 0;
    accumulator = (accumulator << 6) | static_cast<std::uint32_t>(v);
    ++quad_pos;
    if (quad_pos == 2) {
      out += static_cast<char>((accumulator >> 4) & 0xff);
    } else if (quad_pos == 3) {
      out += static_cast<char>((accumulator >> 2) & 0xff);
    } else if (quad_pos == 4) {
      out += static_cast<char>(accumulator & 0xff);
      quad_pos = 0;
      accumulator = 0;
    }
  }
  if (quad_pos != 0) return std::nullopt;
  return out;
}

}  // namespace xmlrpc
