// The INI dialect, line by line (spec config.md §3).
#include <catch2/catch.hpp>

#include "common/ini_reader.h"

using namespace sup;

namespace {

IniParser parse(const std::string& text, std::optional<IniError>* error = nullptr) {
  IniParser p;
  auto e = p.read(text, "/x/s.conf");
  if (error) *error = e;
  return p;
}

std::string value(const IniParser& p, const std::string& s, const std::string& k) {
  auto v = p.get(s, k);
  return v ? *v : "<unset>";
}

}  // namespace

TEST_CASE("inline comments need whitespace before them", "[ini]") {
  IniParser p = parse(
      "[s]\nk1=b;c\nk2=b ;c\nk3=b\t#c\nk4=b#c\nk5 = spaced value  \nK6=upper\nk7: colon\n"
      "k8 : = x\nk9=a=b:c\nk15=\"quoted ; no\"\n");
  CHECK(value(p, "s", "k1") == "b;c");
  CHECK(value(p, "s", "k2") == "b");
  CHECK(value(p, "s", "k3") == "b");
  CHECK(value(p, "s", "k4") == "b#c");
  CHECK(value(p, "s", "k5") == "spaced value");
  CHECK(value(p, "s", "k6") == "upper");
  CHECK(value(p, "s", "k7") == "colon");
  CHECK(value(p, "s", "k8") == "= x");
  CHECK(value(p, "s", "k9") == "a=b:c");
  CHECK(value(p, "s", "k15") == "\"quoted");
}

TEST_CASE("the comment search stops at the first round with a hit", "[ini]") {
  // Round 1 finds ';' at 3 (no space before) and '#' at 9 (space before): the later ' ;'
  // is never looked at, exactly as configparser does.
  IniParser p = parse("[s]\nk=x;y ;z #c\n");
  CHECK(value(p, "s", "k") == "x;y ;z");
}

TEST_CASE("continuation lines, blank lines and comments inside values", "[ini]") {
  IniParser p = parse("[s]\nk=first\n\n   after\n  ; c\n   more\nk9=x\n k10=y\ncommand=foo\n\n  autostart=false\n");
  CHECK(value(p, "s", "k") == "first\n\nafter\nmore");
  CHECK(value(p, "s", "k9") == "x\nk10=y");
  CHECK(value(p, "s", "command") == "foo\n\nautostart=false");
  CHECK(value(p, "s", "autostart") == "<unset>");
}

TEST_CASE("an indented header is swallowed by the previous value", "[ini]") {
  IniParser p = parse("[a]\ncommand=x\n  [b]\n  k=v\n");
  CHECK_FALSE(p.has_section("b"));
  CHECK(value(p, "a", "command") == "x\n[b]\nk=v");
}

TEST_CASE("section header quirks", "[ini]") {
  IniParser p = parse("  [first]\n[b] ; comment\n[ c ]\n[d]]\n[e] trailing junk\n");
  CHECK(p.sections() == std::vector<std::string>{"first", "b", " c ", "d]", "e"});
}

TEST_CASE("duplicates merge and DEFAULT is inherited", "[ini]") {
  IniParser p = parse("[s]\na=1\nb=2\n[DEFAULT]\nd=def\n[s]\na=3\n");
  CHECK(value(p, "s", "a") == "3");
  CHECK(value(p, "s", "b") == "2");
  CHECK(value(p, "s", "d") == "def");
  CHECK(p.sections() == std::vector<std::string>{"s"});
  CHECK(p.options("s") == std::vector<std::string>{"a", "b", "d"});
  std::optional<IniError> e;
  p.read("[s]\nb=again\n[t]\n", "/x/t.conf");
  CHECK(value(p, "s", "b") == "again");
  CHECK(value(p, "s", "a") == "3");
  CHECK(p.sections() == std::vector<std::string>{"s", "t"});
}

TEST_CASE("universal newlines", "[ini]") {
  IniParser p = parse("[s]\r\nk=a\r\n  b\r\nj=c\rl=d\n");
  CHECK(value(p, "s", "k") == "a\nb");
  CHECK(value(p, "s", "j") == "c");
  CHECK(value(p, "s", "l") == "d");
}

TEST_CASE("long lines are kept whole", "[ini]") {
  std::string big(20000, 'x');
  IniParser p = parse("[s]\nk=" + big + "\n");
  CHECK(value(p, "s", "k") == big);
}

TEST_CASE("missing section header", "[ini]") {
  std::optional<IniError> e;
  parse("k=v\n", &e);
  REQUIRE(e);
  CHECK(e->type == "MissingSectionHeaderError");
  CHECK(e->message == "File contains no section headers.\nfile: '/x/s.conf', line: 1\n'k=v\\n'");
  parse("\xef\xbb\xbf[supervisord]\n", &e);
  REQUIRE(e);
  CHECK(e->message == "File contains no section headers.\nfile: '/x/s.conf', line: 1\n'\\ufeff[supervisord]\\n'");
}

TEST_CASE("bad lines are collected and reported together", "[ini]") {
  std::optional<IniError> e;
  IniParser p = parse("[s]\nok=1\ngarbage line\nalso bad\n=novalue\nlast=2", &e);
  REQUIRE(e);
  CHECK(e->type == "ParsingError");
  CHECK(e->message ==
        "Source contains parsing errors: '/x/s.conf'\n\t[line  3]: 'garbage line\\n'\n"
        "\t[line  4]: 'also bad\\n'\n\t[line  5]: '=novalue\\n'");
  CHECK(value(p, "s", "last") == "2");
}

TEST_CASE("strict UTF-8 with Python's messages and chunk positions", "[ini]") {
  CHECK(utf8_decode_error("[s]\n# caf\xe9\n") ==
        "'utf-8' codec can't decode byte 0xe9 in position 9: invalid continuation byte");
  CHECK(utf8_decode_error("ab\xff") == "'utf-8' codec can't decode byte 0xff in position 2: invalid start byte");
  CHECK(utf8_decode_error("a\xe2\x82z") ==
        "'utf-8' codec can't decode bytes in position 1-2: invalid continuation byte");
  CHECK(utf8_decode_error("a\xe2\x82") == "'utf-8' codec can't decode bytes in position 0-1: unexpected end of data");
  CHECK(utf8_decode_error("\xed\xa0\x80") == "'utf-8' codec can't decode byte 0xed in position 0: invalid continuation byte");
  CHECK_FALSE(utf8_decode_error("caf\xc3\xa9 \xf0\x9f\x98\x80").has_value());
  // A bad byte in the second 8 KiB chunk is counted from that chunk's start; a sequence cut
  // by the chunk boundary is carried over.
  std::string big(8191, 'a');
  CHECK(utf8_decode_error(big + "\xc3\xa9" + "xx\xff") ==
        "'utf-8' codec can't decode byte 0xff in position 4: invalid start byte");
  IniParser p;
  auto e = p.read("[s]\n#\xe9\n", "f");
  REQUIRE(e);
  CHECK(e->type == "UnicodeDecodeError");
}

TEST_CASE("expand_here replaces the exact token, also in inherited DEFAULT keys", "[ini]") {
  IniParser p = parse("[DEFAULT]\nd=%(here)s/d\n[s]\na=%(here)s/x %(here)r %%(here)s\n");
  p.expand_here("/dir");
  CHECK(value(p, "s", "a") == "/dir/x %(here)r %/dir");
  CHECK(value(p, "s", "d") == "/dir/d");
}

TEST_CASE("thousands of sections keep their order and merge semantics", "[ini]") {
  std::string text = "[DEFAULT]\nd=def\n";
  for (int i = 0; i < 2000; ++i) text += "[program:p" + std::to_string(i) + "]\ncommand=c" + std::to_string(i) + "\n";
  for (int i = 0; i < 2000; i += 2) text += "[program:p" + std::to_string(i) + "]\ncommand=again\nextra=x\n";
  IniParser p = parse(text);
  const std::vector<std::string> names = p.sections();
  REQUIRE(names.size() == 2000);
  for (int i = 0; i < 2000; ++i) CHECK(names[static_cast<std::size_t>(i)] == "program:p" + std::to_string(i));
  CHECK(value(p, "program:p0", "command") == "again");
  CHECK(value(p, "program:p1", "command") == "c1");
  CHECK(value(p, "program:p1998", "extra") == "x");
  CHECK(value(p, "program:p1999", "extra") == "<unset>");
  CHECK(value(p, "program:p1999", "d") == "def");
  CHECK(p.options("program:p2") == std::vector<std::string>{"command", "extra", "d"});
  CHECK_FALSE(p.has_section("program:p2000"));
  CHECK_FALSE(p.has_section("DEFAULT"));
}
