// Option value types: accepted spellings and the exact messages for bad values.
#include <catch2/catch.hpp>

#include <cstdint>

#include "common/pyrepr.h"
#include "common/pystr.h"
#include "common/signals.h"
#include "common/value_types.h"

using namespace sup;

namespace {

template <class F>
std::string error_of(F&& f) {
  try {
    f();
  } catch (const ValueError& e) {
    return e.what();
  }
  return "(no error)";
}

}  // namespace

TEST_CASE("integers follow Python int()", "[values]") {
  CHECK(to_integer("42") == 42);
  CHECK(to_integer(" -7 ") == -7);
  CHECK(to_integer("+2048") == 2048);
  CHECK(to_integer("1_000") == 1000);
  CHECK(to_integer("\xd9\xa7") == 7);  // ARABIC-INDIC DIGIT SEVEN
  CHECK(to_integer("007") == 7);
  CHECK(error_of([] { to_integer("abc"); }) == "invalid literal for int() with base 10: 'abc'");
  CHECK(error_of([] { to_integer(""); }) == "invalid literal for int() with base 10: ''");
  CHECK(error_of([] { to_integer("1__0"); }) == "invalid literal for int() with base 10: '1__0'");
  CHECK(error_of([] { to_integer("_1"); }) == "invalid literal for int() with base 10: '_1'");
  CHECK(error_of([] { to_integer("0x10"); }) == "invalid literal for int() with base 10: '0x10'");
  CHECK(error_of([] { to_integer("1.5"); }) == "invalid literal for int() with base 10: '1.5'");
}

TEST_CASE("booleans", "[values]") {
  for (const char* t : {"true", "TRUE", "yes", "On", "1"}) CHECK(to_boolean(t));
  for (const char* f : {"false", "No", "off", "0"}) CHECK_FALSE(to_boolean(f));
  CHECK(error_of([] { to_boolean("maybe"); }) == "not a valid boolean value: 'maybe'");
  CHECK(error_of([] { to_boolean(""); }) == "not a valid boolean value: ''");
}

TEST_CASE("byte sizes", "[values]") {
  CHECK(to_byte_size("1024") == 1024);
  CHECK(to_byte_size("10KB") == 10240);
  CHECK(to_byte_size("10 mb") == 10 * 1024 * 1024);
  CHECK(to_byte_size("1GB") == 1024LL * 1024 * 1024);
  CHECK(to_byte_size("-1KB") == -1024);
  CHECK(error_of([] { to_byte_size("50M"); }) == "invalid literal for int() with base 10: '50m'");
  CHECK(error_of([] { to_byte_size("1.5MB"); }) == "invalid literal for int() with base 10: '1.5'");
  CHECK(error_of([] { to_byte_size("10B"); }) == "invalid literal for int() with base 10: '10b'");
}

TEST_CASE("octal values", "[values]") {
  CHECK(to_octal("022") == 18);
  CHECK(to_octal("22") == 18);
  CHECK(to_octal("0o27") == 027);
  CHECK(error_of([] { to_octal("999"); }) == "999 can not be converted to an octal type");
  CHECK(error_of([] { to_octal(""); }) == " can not be converted to an octal type");
}

TEST_CASE("signals", "[values]") {
  CHECK(to_signal_number("TERM") == 15);
  CHECK(to_signal_number("sigkill") == 9);
  CHECK(to_signal_number(" hup ") == 1);
  CHECK(to_signal_number("IOT") == 6);
  CHECK(to_signal_number("_IGN") == 1);
  CHECK(to_signal_number("_DFL") == 0);
  CHECK(to_signal_number("1_5") == 15);
  CHECK(to_signal_number("34") == 34);
  CHECK(error_of([] { to_signal_number("TERMINATE"); }) == "value 'TERMINATE' is not a valid signal name");
  CHECK(error_of([] { to_signal_number("35"); }) == "value '35' is not a valid signal number");
  CHECK(error_of([] { to_signal_number("32"); }) == "value '32' is not a valid signal number");
  CHECK(signal_display_name(6) == "ABRT");
  CHECK(signal_display_name(17) == "CHLD");
  CHECK(signal_display_name(29) == "IO");
  CHECK(signal_display_name(64) == "RTMAX");
  CHECK(signal_display_name(0) == "0");
  CHECK(signal_number_by_name("SIGUSR2") == 12);
  CHECK_FALSE(signal_number_by_name("NOPE").has_value());
}

TEST_CASE("exit codes, autorestart, log levels, string lists", "[values]") {
  CHECK(to_exitcodes("0, 2 ,255") == std::vector<int>{0, 2, 255});
  CHECK(to_exitcodes("").empty());
  CHECK(error_of([] { to_exitcodes("0,256"); }) == "not a valid list of exit codes: '0,256'");
  CHECK(error_of([] { to_exitcodes("0,"); }) == "not a valid list of exit codes: '0,'");
  CHECK(to_auto_restart("TRUE") == AutoRestart::kAlways);
  CHECK(to_auto_restart("off") == AutoRestart::kNever);
  CHECK(to_auto_restart("Unexpected") == AutoRestart::kUnexpected);
  CHECK(error_of([] { to_auto_restart("Maybe"); }) == "invalid 'autorestart' value 'maybe'");
  CHECK(to_logging_level("BLATHER") == LogLevel::kBlather);
  CHECK(error_of([] { to_logging_level("warning"); }) == "bad logging level name 'warning'");
  CHECK(to_list_of_strings("a, b,") == std::vector<std::string>{"a", "b", ""});
  CHECK(to_list_of_strings("").empty());
}

TEST_CASE("process and group names", "[values]") {
  CHECK(to_process_or_group_name("  web ") == "web");
  CHECK(to_process_or_group_name("") == "");
  CHECK(error_of([] { to_process_or_group_name("x y"); }) == "Invalid name: 'x y' because of character: ' '");
  CHECK(error_of([] { to_process_or_group_name("e:x"); }) == "Invalid name: 'e:x' because of character: ':'");
  CHECK(error_of([] { to_process_or_group_name("a/b"); }) == "Invalid name: 'a/b' because of character: '/'");
}

TEST_CASE("environment key/value lists", "[values]") {
  using Pairs = std::vector<std::pair<std::string, std::string>>;
  CHECK(to_key_value_pairs("A=1,B=2") == Pairs{{"A", "1"}, {"B", "2"}});
  CHECK(to_key_value_pairs("A = 1 , B = \"x y\"") == Pairs{{"A", "1"}, {"B", "x y"}});
  CHECK(to_key_value_pairs("A=1;B=2|C=3 x D=4") == Pairs{{"A", "1"}, {"B", "2"}, {"C", "3"}, {"D", "4"}});
  CHECK(to_key_value_pairs("A='say \"hi\"'") == Pairs{{"A", "say \"hi"}});
  CHECK(to_key_value_pairs("A=\"x\"y") == Pairs{{"A", "x"}});
  CHECK(to_key_value_pairs("A=y#z,B=2") == Pairs{{"A", "y"}});
  CHECK(to_key_value_pairs("A=~/bin") == Pairs{{"A", "~"}});
  CHECK(to_key_value_pairs("A=caf\xc3\xa9") == Pairs{{"A", "caf"}});
  CHECK(to_key_value_pairs("A=1,A=2") == Pairs{{"A", "2"}});
  CHECK(to_key_value_pairs("").empty());
  for (const char* bad : {"A=1 B=2", "A=a@b", "A=", "A=1,,B=2", "A", "A=1,B"}) {
    CHECK(error_of([&] { to_key_value_pairs(bad); }) ==
          std::string("Unexpected end of key/value pairs in value '") + bad + "'");
  }
  CHECK(error_of([] { to_key_value_pairs("A=\"unterminated"); }) == "No closing quotation");
}

TEST_CASE("inet addresses", "[values]") {
  CHECK(to_inet_address("9001") == std::make_pair(std::string(), 9001));
  CHECK(to_inet_address("LocalHost:9001") == std::make_pair(std::string("localhost"), 9001));
  CHECK(to_inet_address("*:80") == std::make_pair(std::string(), 80));
  CHECK(error_of([] { to_inet_address("abc"); }) == "not a valid port number: 'abc' ");
  CHECK(error_of([] { to_inet_address("0"); }) == "not a valid port number: '0' ");
  CHECK(error_of([] { to_inet_address("h:"); }) == "no port number specified in ''");
  CHECK(error_of([] { to_inet_address("h:99999"); }) == "99999 is above upper bound (65535)");
  CHECK(error_of([] { to_inet_address("h:0"); }) == "0 is below lower bound (1)");
}

TEST_CASE("paths as os.path handles them", "[values]") {
  CHECK(normpath("/a//b/./c/../d/") == "/a/b/d");
  CHECK(normpath("//x") == "//x");
  CHECK(normpath("///x") == "/x");
  CHECK(normpath("a/../..") == "..");
  CHECK(normpath("") == ".");
  CHECK(dirname("/a/b.conf") == "/a");
  CHECK(dirname("b.conf") == "");
  CHECK(dirname("/x") == "/");
  CHECK(path_join("/base", "/abs") == "/abs");
  CHECK(path_join("/base/", "rel") == "/base/rel");
}

TEST_CASE("python repr of strings", "[values]") {
  CHECK(py_repr("abc") == "'abc'");
  CHECK(py_repr("it's") == "\"it's\"");
  CHECK(py_repr("both ' and \"") == "'both \\' and \"'");
  CHECK(py_repr("a\nb\t") == "'a\\nb\\t'");
  CHECK(py_repr("\xef\xbb\xbf[x]") == "'\\ufeff[x]'");
  CHECK(py_repr("caf\xc3\xa9") == "'caf\xc3\xa9'");
  CHECK(py_repr(std::string("\x01", 1)) == "'\\x01'");
  CHECK(py_list_repr({"extra", "x"}) == "['extra', 'x']");
}

TEST_CASE("python string helpers", "[values]") {
  CHECK(py_strip("\xc2\xa0 x \t\n") == "x");
  CHECK(py_split_whitespace(" a\n b\tc ") == std::vector<std::string>{"a", "b", "c"});
  CHECK(py_lower("ABC\xc3\x89") == "abc\xc3\xa9");
  CHECK(py_upper("term") == "TERM");
  CHECK(py_int("0o_17", 8) == 15);
  CHECK_FALSE(py_int("8", 8).has_value());
}

TEST_CASE("py_int is CPython's int(): ASCII whitespace, Unicode spaces and digits", "[values]") {
  // Each expectation is what python3's int() gave for the same text.
  CHECK(py_int(" 5\x0b") == 5);
  CHECK(py_int("\xc2\xa0" "5") == 5);              // U+00A0
  CHECK(py_int("\xc2\x85" "5") == 5);              // U+0085
  CHECK(py_int("\xe3\x80\x80" "5\xe3\x80\x80") == 5);  // U+3000
  CHECK(py_int("1\xd9\xa3") == 13);                // '1' + ARABIC-INDIC DIGIT THREE
  CHECK(py_int("0_0") == 0);
  CHECK(py_int("007") == 7);
  CHECK(py_int(" -0 ") == 0);
  // str.strip() strips U+001C-U+001F, int() does not.
  CHECK(py_int_parse("\x1c" "5").outcome == IntOutcome::kNotAnInteger);
  CHECK(py_int_parse("5\x1f").outcome == IntOutcome::kNotAnInteger);
  for (const char* bad : {"", " ", "+", "- 5", "+_1", "_1", "1_", "1__0", "1 0", "0x10", "5\xc3\xa9", "\xff"}) {
    INFO(bad);
    CHECK(py_int_parse(bad).outcome == IntOutcome::kNotAnInteger);
  }
  CHECK(py_int("9223372036854775807") == INT64_MAX);
  CHECK(py_int("-9223372036854775808") == INT64_MIN);
  CHECK(py_int_parse("9223372036854775808").outcome == IntOutcome::kOutOfRange);
  CHECK(py_int_parse("-9223372036854775809").outcome == IntOutcome::kOutOfRange);
  CHECK(py_int_parse("99999999999999999999_9").outcome == IntOutcome::kOutOfRange);
  CHECK(py_int_parse("99999999999999999999x").outcome == IntOutcome::kNotAnInteger);
  CHECK_FALSE(py_int("9223372036854775808").has_value());
  CHECK(py_int("0O7", 8) == 7);
  CHECK_FALSE(py_int("0_o17", 8).has_value());
  CHECK_FALSE(py_int("0o", 8).has_value());
}

TEST_CASE("python repr of bytes", "[values]") {
  std::string every_byte;
  for (int b = 0; b < 256; ++b) every_byte.push_back(static_cast<char>(b));
  // repr(bytes(range(256))): both quotes present, so ' is escaped.
  CHECK(py_bytes_repr(every_byte) ==
      R"(b'\x00\x01\x02\x03\x04\x05\x06\x07\x08\t\n\x0b\x0c\r\x0e\x0f\x10\x11\x12\x13\x14\x15\x16\x)"
      R"(17\x18\x19\x1a\x1b\x1c\x1d\x1e\x1f !"#$%&\'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUV)"
      R"(WXYZ[\\]^_`abcdefghijklmnopqrstuvwxyz{|}~\x7f\x80\x81\x82\x83\x84\x85\x86\x87\x88\x89\x8a\)"
      R"(x8b\x8c\x8d\x8e\x8f\x90\x91\x92\x93\x94\x95\x96\x97\x98\x99\x9a\x9b\x9c\x9d\x9e\x9f\xa0\xa)"
      R"(1\xa2\xa3\xa4\xa5\xa6\xa7\xa8\xa9\xaa\xab\xac\xad\xae\xaf\xb0\xb1\xb2\xb3\xb4\xb5\xb6\xb7\)"
      R"(xb8\xb9\xba\xbb\xbc\xbd\xbe\xbf\xc0\xc1\xc2\xc3\xc4\xc5\xc6\xc7\xc8\xc9\xca\xcb\xcc\xcd\xc)"
      R"(e\xcf\xd0\xd1\xd2\xd3\xd4\xd5\xd6\xd7\xd8\xd9\xda\xdb\xdc\xdd\xde\xdf\xe0\xe1\xe2\xe3\xe4\)"
      R"(xe5\xe6\xe7\xe8\xe9\xea\xeb\xec\xed\xee\xef\xf0\xf1\xf2\xf3\xf4\xf5\xf6\xf7\xf8\xf9\xfa\xf)"
      R"(b\xfc\xfd\xfe\xff')");
  CHECK(py_bytes_repr("it's") == "b\"it's\"");
  CHECK(py_bytes_repr("say \"hi\"") == "b'say \"hi\"'");
  CHECK(py_bytes_repr("both ' and \"") == "b'both \\' and \"'");
  CHECK(py_bytes_repr("") == "b''");
  CHECK(py_bytes_repr("\\") == "b'\\\\'");
}
