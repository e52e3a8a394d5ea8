// shlex splitting and Python %-formatting.
#include <catch2/catch.hpp>

#include "common/pyformat.h"
#include "common/shlex.h"

using namespace sup;

TEST_CASE("split_posix follows shlex.split", "[shlex]") {
  using V = std::vector<std::string>;
  CHECK(split_posix("/bin/echo  a\n b").tokens == V{"/bin/echo", "a", "b"});
  CHECK(split_posix("sh -c 'a ; b'").tokens == V{"sh", "-c", "a ; b"});
  CHECK(split_posix("a\\ b \"c \\\" d\" 'e\\'").tokens == V{"a b", "c \" d", "e\\"});
  CHECK(split_posix("\"\\$x\"").tokens == V{"\\$x"});
  CHECK(split_posix("''").tokens == V{""});
  CHECK(split_posix("a#b").tokens == V{"a#b"});
  CHECK(split_posix("   ").tokens.empty());
  CHECK(split_posix("echo 'open").error == "No closing quotation");
  CHECK(split_posix("echo \\").error == "No escaped character");
}

TEST_CASE("tokenize_nonposix keeps quotes and knows comments", "[shlex]") {
  using V = std::vector<std::string>;
  CHECK(tokenize_nonposix("A=\"a b\",B='c'", "/.+-():").tokens == V{"A", "=", "\"a b\"", ",", "B", "=", "'c'"});
  CHECK(tokenize_nonposix("A=x#c\nB", "").tokens == V{"A", "=", "xB"});
  CHECK(tokenize_nonposix("caf\xc3\xa9", "").tokens == V{"caf", "\xc3\xa9"});
  CHECK(tokenize_nonposix("'x", "").error == "No closing quotation");
}

namespace {

Expansions sample() {
  Expansions e;
  e.set("ENV_HOME", std::string("/root"));
  e.set("program_name", std::string("p"));
  e.set("process_num", std::int64_t{3});
  e.set("here", std::string("/dir"));
  return e;
}

std::string fmt(const std::string& f) {
  FormatResult r = percent_format(f, sample());
  if (r.missing_key) return "KeyError " + *r.missing_key;
  if (r.error) return "Error " + *r.error;
  return r.text;
}

}  // namespace

TEST_CASE("percent formatting with a mapping", "[format]") {
  CHECK(fmt("%(process_num)02d") == "03");
  CHECK(fmt("%(program_name)-5s|") == "p    |");
  CHECK(fmt("%(process_num) 4d") == "   3");
  CHECK(fmt("%(process_num)+d %(process_num)x %(process_num)#o") == "+3 3 0o3");
  CHECK(fmt("%(here)r") == "'/dir'");
  CHECK(fmt("%(program_name).0s|") == "|");
  CHECK(fmt("100%%") == "100%");
  CHECK(fmt("%s") == "{'ENV_HOME': '/root', 'program_name': 'p', 'process_num': 3, 'here': '/dir'}");
  CHECK(fmt("%(nope)s") == "KeyError 'nope'");
  CHECK(fmt("50%") == "Error incomplete format");
  CHECK(fmt("%(here)") == "Error incomplete format");
  CHECK(fmt("%(here") == "Error incomplete format key");
  CHECK(fmt("a%%b %(here)b") == "Error unsupported format character 'b' (0x62) at index 12");
  CHECK(fmt("%(here)d") == "Error %d format: a real number is required, not str");
  CHECK(fmt("%(here)x") == "Error %x format: an integer is required, not str");
  CHECK(fmt("%(here)s %s") == "Error not enough arguments for format string");
  CHECK(fmt("%d") == "Error %d format: a real number is required, not dict");
}

TEST_CASE("expand() builds Supervisor's messages", "[format]") {
  Expansions e = sample();
  auto r = expand("%(ENV_X)s", e, "program:x.command");
  REQUIRE(r.error);
  CHECK(*r.error ==
        "Format string '%(ENV_X)s' for 'program:x.command' contains names ('ENV_X') which cannot be "
        "expanded. Available names: ENV_HOME, here, process_num, program_name");
  r = expand("%USER%", e, "program:x.user");
  CHECK(*r.error ==
        "Format string '%USER%' for 'program:x.user' is badly formatted: unsupported format character "
        "'U' (0x55) at index 1");
  CHECK(expand("%(here)s/x", e, "n").text == "/dir/x");
}
