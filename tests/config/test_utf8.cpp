// common/utf8.h against Python's 'utf-8' codec. Every expected range, reason, replacement
// and length below is what python3 printed for bytes.decode('utf-8') (strict, 'replace' and
// 'surrogateescape') on the same bytes.
#include <catch2/catch.hpp>

#include <string>

#include "common/utf8.h"

using namespace sup;

namespace {

constexpr const char* kFffd = "\xef\xbf\xbd";

struct Invalid {
  const char* what;
  std::string bytes;
  std::size_t start;
  std::size_t end;
  Utf8Fault fault;
  std::string replaced;   // decode('utf-8', 'replace'), encoded again
  std::size_t length;     // len() of decode('utf-8', 'surrogateescape')
};

std::string fffd(int n) {
  std::string out;
  for (int i = 0; i < n; ++i) out += kFffd;
  return out;
}

const Invalid kInvalid[] = {
    {"overlong 2-byte NUL", "\xc0\x80x", 0, 1, Utf8Fault::kInvalidStart, fffd(2) + "x", 3},
    {"overlong 2-byte, highest", "\xc1\xbf", 0, 1, Utf8Fault::kInvalidStart, fffd(2), 2},
    {"overlong 3-byte", "\xe0\x80\x80", 0, 1, Utf8Fault::kInvalidContinuation, fffd(3), 3},
    {"overlong 3-byte, highest", "\xe0\x9f\xbf", 0, 1, Utf8Fault::kInvalidContinuation, fffd(3), 3},
    {"overlong 4-byte", "\xf0\x80\x80\x80", 0, 1, Utf8Fault::kInvalidContinuation, fffd(4), 4},
    {"overlong 4-byte, highest", "\xf0\x8f\xbf\xbf", 0, 1, Utf8Fault::kInvalidContinuation, fffd(4), 4},
    {"surrogate U+D800", "\xed\xa0\x80", 0, 1, Utf8Fault::kInvalidContinuation, fffd(3), 3},
    {"surrogate U+DFFF", "\xed\xbf\xbf", 0, 1, Utf8Fault::kInvalidContinuation, fffd(3), 3},
    {"U+110000", "\xf4\x90\x80\x80", 0, 1, Utf8Fault::kInvalidContinuation, fffd(4), 4},
    {"lead byte F5", "\xf5\x80\x80\x80", 0, 1, Utf8Fault::kInvalidStart, fffd(4), 4},
    {"lead byte FF", "ab\xff", 2, 3, Utf8Fault::kInvalidStart, "ab" + fffd(1), 3},
    {"lone continuation", "a\x80" "b", 1, 2, Utf8Fault::kInvalidStart, "a" + fffd(1) + "b", 3},
    {"continuation after a sequence", "\xc3\xa9\xa9", 2, 3, Utf8Fault::kInvalidStart, "\xc3\xa9" + fffd(1), 2},
    {"2-byte truncated at the end", "trunc \xc3", 6, 7, Utf8Fault::kUnexpectedEnd, "trunc " + fffd(1), 7},
    {"3-byte truncated at the end", "a\xe2\x82", 1, 3, Utf8Fault::kUnexpectedEnd, "a" + fffd(1), 3},
    {"4-byte truncated at the end", "\xf0\x9f\x98", 0, 3, Utf8Fault::kUnexpectedEnd, fffd(1), 3},
    {"3-byte cut by ASCII", "\xe2\x82" "A", 0, 2, Utf8Fault::kInvalidContinuation, fffd(1) + "A", 3},
    {"4-byte cut by ASCII", "\xf0\x9f\x98" "A", 0, 3, Utf8Fault::kInvalidContinuation, fffd(1) + "A", 4},
    {"bad second byte at the end", "\xf4\x90", 0, 1, Utf8Fault::kInvalidContinuation, fffd(2), 2},
    {"after a long ASCII run", "0123456789abcdef\xe9", 16, 17, Utf8Fault::kUnexpectedEnd,
     "0123456789abcdef" + fffd(1), 17},
};

}  // namespace

TEST_CASE("invalid UTF-8: Python's range, reason, replacement and length", "[utf8]") {
  for (const Invalid& c : kInvalid) {
    INFO(c.what);
    CHECK_FALSE(is_valid_utf8(c.bytes));
    const auto error = utf8_first_error(c.bytes);
    REQUIRE(error.has_value());
    CHECK(error->start == c.start);
    CHECK(error->end == c.end);
    CHECK(error->fault == c.fault);
    CHECK(utf8_replace_invalid(c.bytes) == c.replaced);
    CHECK(utf8_length(c.bytes) == c.length);
    // Every byte string survives the surrogateescape round trip.
    CHECK(u32_to_utf8(utf8_to_u32(c.bytes)) == c.bytes);
  }
}

TEST_CASE("valid UTF-8 at the edges of each sequence length", "[utf8]") {
  struct Valid {
    std::string bytes;
    char32_t code_point;
  };
  const Valid valid[] = {
      {"\xc2\x80", 0x80},         {"\xdf\xbf", 0x7FF},        {"\xe0\xa0\x80", 0x800},
      {"\xed\x9f\xbf", 0xD7FF},   {"\xee\x80\x80", 0xE000},   {"\xef\xbf\xbf", 0xFFFF},
      {"\xf0\x90\x80\x80", 0x10000}, {"\xf0\x9f\x98\x80", 0x1F600}, {"\xf4\x8f\xbf\xbf", 0x10FFFF},
  };
  for (const Valid& v : valid) {
    INFO(v.bytes);
    CHECK(is_valid_utf8(v.bytes));
    CHECK(utf8_length(v.bytes) == 1);
    CHECK(utf8_to_u32(v.bytes) == std::u32string(1, v.code_point));
    CHECK(u32_to_utf8(std::u32string(1, v.code_point)) == v.bytes);
    CHECK(utf8_replace_invalid(v.bytes) == v.bytes);
  }
  CHECK(is_valid_utf8(""));
  CHECK(utf8_length("") == 0);
  CHECK(utf8_length("\xf0\x9f\x98\x80x") == 2);
  CHECK(utf8_length("plain ascii, longer than one word") == 33);
  CHECK(utf8_to_u32("\xc0\x80x") == std::u32string({0xDCC0, 0xDC80, U'x'}));
}

TEST_CASE("UnicodeDecodeError messages", "[utf8]") {
  const std::string one = "ab\xff";
  CHECK(utf8_error_message(one, *utf8_first_error(one)) ==
        "'utf-8' codec can't decode byte 0xff in position 2: invalid start byte");
  const std::string cut = "\xe2\x82" "A";
  CHECK(utf8_error_message(cut, *utf8_first_error(cut)) ==
        "'utf-8' codec can't decode bytes in position 0-1: invalid continuation byte");
  const std::string end = "a\xe2\x82";
  CHECK(utf8_error_message(end, *utf8_first_error(end)) ==
        "'utf-8' codec can't decode bytes in position 1-2: unexpected end of data");
}
