// supervisorctl's command-line parsing: Python getopt semantics and Options.realize() errors.
#include <catch2/catch.hpp>

#include "supervisorctl/cli_options.h"

using sup::ctl::CliParse;
using sup::ctl::parse_command_line;

namespace {

std::string error_of(const std::vector<std::string>& argv) {
  const CliParse p = parse_command_line(argv);
  REQUIRE(p.outcome == CliParse::Outcome::kUsageError);
  return p.error;
}

}  // namespace

TEST_CASE("options stop at the first action word") {
  const CliParse p = parse_command_line({"-c", "x.conf", "-sunix:///s", "status", "-s", "y"});
  REQUIRE(p.outcome == CliParse::Outcome::kOk);
  CHECK(*p.options.configfile == "x.conf");
  CHECK(*p.options.serverurl == "unix:///s");
  CHECK(p.options.args == std::vector<std::string>{"status", "-s", "y"});
}

TEST_CASE("long options accept unique prefixes and = or a separate value") {
  const CliParse p = parse_command_line({"--user=bob", "--pass", "pw", "--config=c", "version"});
  REQUIRE(p.outcome == CliParse::Outcome::kOk);
  CHECK(*p.options.username == "bob");
  CHECK(*p.options.password == "pw");
  CHECK(*p.options.configfile == "c");
}

TEST_CASE("getopt errors carry Python's wording") {
  CHECK(error_of({"-x"}) == "option -x not recognized");
  CHECK(error_of({"--foo"}) == "option --foo not recognized");
  CHECK(error_of({"--h"}) == "option --h not a unique prefix");
  CHECK(error_of({"-c"}) == "option -c requires argument");
  CHECK(error_of({"--serverurl"}) == "option --serverurl requires argument");
  CHECK(error_of({"--interactive=3"}) == "option --interactive must not have an argument");
  CHECK(error_of({"--history-file=x"}) == "option --history-file not recognized");
}

TEST_CASE("duplicates and bad URLs are usage errors, in option order") {
  CHECK(error_of({"-u", "a", "--user=b"}) == "conflicting command line option '--username'");
  CHECK(error_of({"-i", "-i"}) == "conflicting command line option '-i'");
  CHECK(error_of({"-s", "foo"}) == "invalid value for -s 'foo': value 'foo' is not a URL");
  CHECK(error_of({"-s", "foo", "-h"}) == "invalid value for -s 'foo': value 'foo' is not a URL");
  CHECK(parse_command_line({"-h", "-s", "foo"}).outcome == CliParse::Outcome::kHelp);
  CHECK(parse_command_line({"-?"}).outcome == CliParse::Outcome::kHelp);
}

TEST_CASE("a URL needs a scheme and a host or a path") {
  using sup::ctl::looks_like_url;
  CHECK(looks_like_url("http://127.0.0.1:9001"));
  CHECK(looks_like_url("unix:///tmp/s.sock"));
  CHECK(looks_like_url("localhost:9001"));  // urlparse: scheme "localhost", path "9001"
  CHECK_FALSE(looks_like_url("foo"));
  CHECK_FALSE(looks_like_url("http://"));
  CHECK_FALSE(looks_like_url("9001:x"));
}

TEST_CASE("usage text names the program and ends with an empty line") {
  const std::string text = sup::ctl::usage_text("/bin/ctl");
  CHECK(text.find("Usage: /bin/ctl [options] [action [arguments]]\n") != std::string::npos);
  CHECK(text.ends_with("actions.\n\n"));
}
