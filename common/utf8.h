// UTF-8 exactly as Python's 'utf-8' codec reads it, the one place in the project that
// decides what is valid text: strict acceptance (no overlong forms, no surrogates
// U+D800-U+DFFF, nothing above U+10FFFF, no truncated sequence), the byte ranges and reasons
// UnicodeDecodeError reports, decoding with errors='replace' and errors='surrogateescape',
// and the encoder back. Pure functions on byte strings; nothing is kept between calls.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace sup {

// UnicodeDecodeError.reason.
enum class Utf8Fault { kInvalidStart, kInvalidContinuation, kUnexpectedEnd };

// The bytes [start, end) that Python's decoder blames (UnicodeDecodeError.start/.end).
// kUnexpectedEnd always ends at the end of the input.
struct Utf8Error {
  std::size_t start = 0;
  std::size_t end = 0;
  Utf8Fault fault = Utf8Fault::kInvalidStart;
};

// Length (1-4) of the well-formed sequence at bytes[pos], pos < bytes.size(); 0 when the
// bytes there are not one, with *error (if given) set as Python reports it.
std::size_t utf8_sequence_length(std::string_view bytes, std::size_t pos, Utf8Error* error = nullptr);

// The first fault of bytes.decode('utf-8'), nullopt when it succeeds.
std::optional<Utf8Error> utf8_first_error(std::string_view bytes);
bool is_valid_utf8(std::string_view bytes);

// str() of the UnicodeDecodeError for `error` found in `bytes`: "'utf-8' codec can't decode
// byte 0xe9 in position 9: invalid continuation byte" (or "bytes in position 1-2: ...").
std::string utf8_error_message(std::string_view bytes, const Utf8Error& error);

// bytes.decode('utf-8', 'replace'), encoded again: each blamed range becomes one U+FFFD.
std::string utf8_replace_invalid(std::string_view bytes);

// The surrogateescape view, so that any byte string round-trips through code points: a byte
// that starts no well-formed sequence decodes as U+DC00 + byte, and utf8_append() turns
// U+DC80-U+DCFF back into that byte.
// Decodes the code point at s[i] (i < s.size()) and advances i past it.
char32_t utf8_next(std::string_view s, std::size_t& i);
void utf8_append(std::string& out, char32_t cp);
std::u32string utf8_to_u32(std::string_view s);
std::string u32_to_utf8(std::u32string_view s);
// Code points of that view: len() of the str Python decodes from valid text.
std::size_t utf8_length(std::string_view s);

}  // namespace sup
