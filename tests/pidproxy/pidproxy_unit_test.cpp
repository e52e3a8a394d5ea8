// pidproxy's command line and pidfile reading.
#include <sys/stat.h>

#include <catch2/catch.hpp>

#include "pidproxy/invocation.h"
#include "pidproxy/pidfile.h"
#include "tests/support/files.h"
#include "tests/support/temp_dir.h"

namespace sup::pidproxy {
namespace {

std::optional<pid_t> pid_in(const std::string& content) {
  test::TempDir dir;
  test::write_file(dir.file("pid"), content);
  return read_pidfile(dir.file("pid"));
}

}  // namespace

TEST_CASE("a pidfile is read as Python's int(text.strip())", "[pidproxy]") {
  CHECK(pid_in("4242") == 4242);
  CHECK(pid_in("  4242\n") == 4242);
  CHECK(pid_in("4_242\n") == 4242);
  CHECK(pid_in("+17") == 17);
  CHECK_FALSE(pid_in(""));
  CHECK_FALSE(pid_in("abc\n"));
  CHECK_FALSE(pid_in("12 34"));
  CHECK_FALSE(pid_in("0x10"));
  CHECK_FALSE(pid_in("99999999999999999999"));
  CHECK_FALSE(pid_in(std::string(5000, '1')));
}

TEST_CASE("pidfiles naming process groups or every process are refused", "[pidproxy]") {
  CHECK_FALSE(pid_in("0"));
  CHECK_FALSE(pid_in("-1"));
  CHECK_FALSE(pid_in("-4242"));
}

TEST_CASE("a missing or unreadable pidfile has no pid", "[pidproxy]") {
  test::TempDir dir;
  CHECK_FALSE(read_pidfile(dir.file("missing")));
  CHECK_FALSE(read_pidfile(dir.path()));  // a directory
}

TEST_CASE("the command line is PIDFILE COMMAND [ARG...], with no options", "[pidproxy]") {
  CHECK_FALSE(parse_invocation({"pidproxy"}, "/bin"));
  CHECK_FALSE(parse_invocation({"pidproxy", "x.pid"}, "/bin"));
  const auto inv = parse_invocation({"pidproxy", "-h", "/bin/echo", "1", "2"}, "/bin");
  REQUIRE(inv);
  CHECK(inv->pidfile == "-h");
  CHECK(inv->program == "/bin/echo");
  CHECK(inv->argv == std::vector<std::string>{"/bin/echo", "1", "2"});
  CHECK(usage_text("pp").find("Usage: pp PIDFILE COMMAND [ARG...]\n") != std::string::npos);
}

TEST_CASE("a command without a slash: the working directory first, then PATH", "[pidproxy]") {
  test::TempDir dir;
  const std::string tool = dir.file("tool");
  test::write_file(tool, "#!/bin/sh\n");
  chmod(tool.c_str(), 0755);
  test::write_file(dir.file("plain"), "not executable");
  const std::string path = dir.path() + ":/usr/bin:/bin";
  CHECK(resolve_program("tool", path.c_str()) == tool);
  CHECK(resolve_program("plain", path.c_str()) == "plain");  // found nowhere: spawn reports it
  CHECK(resolve_program("sh", "/nonexistent::/bin") == "/bin/sh");
  CHECK(resolve_program("./tool", path.c_str()) == "./tool");
  CHECK(resolve_program("/bin/sh", nullptr) == "/bin/sh");
}

}  // namespace sup::pidproxy
