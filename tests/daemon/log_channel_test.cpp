#include "common/log_channel.h"

#include <catch2/catch.hpp>

#include "tests/support/files.h"
#include "tests/support/temp_dir.h"

using namespace sup;
using sup::test::TempDir;

TEST_CASE("strip_ansi follows Supervisor's rules", "[unit]") {
  CHECK(strip_ansi("\x1b[31mred\x1b[0m") == "red");
  CHECK(strip_ansi("\x1b[?25lz") == "z");
  CHECK(strip_ansi("\x1b]0;title\x07") == "\x1b]0;title\x07");
  CHECK(strip_ansi("lone\x1b esc") == "lone\x1b esc");
  CHECK(strip_ansi("a\x1b[2~bc") == "a");
}

namespace {

struct Capture {
  std::vector<std::string> comm;
  std::string echoed;
  ChannelLog make(const std::string& path) {
    ChannelLog::Options o;
    o.process_name = "p";
    o.path = path;
    o.capture_maxbytes = 1000;
    ChannelLog::Hooks h;
    h.on_output = [this](std::string_view d, bool) { echoed.append(d); };
    h.on_capture = [this](std::string d) { comm.push_back(std::move(d)); };
    return ChannelLog(o, h);
  }
};

}  // namespace

TEST_CASE("capture mode splits tokens and loses short trailing output like Supervisor", "[unit]") {
  TempDir dir;
  std::string path = dir.file("c.log");
  Capture c;
  ChannelLog log = c.make(path);
  REQUIRE(!log.open());
  log.handle("before<!--XSUPERVISOR:BEGIN-->pay");
  log.handle("load<!--XSUPERVISOR:END-->after\n");
  CHECK(sup::test::read_file(path) == "before");
  REQUIRE(c.comm.size() == 1);
  CHECK(c.comm[0] == "payload");
  // Tokens split across chunks are still found.
  log.handle("x<!--XSUPERVISOR:BE");
  log.handle("GIN-->data<!--XSUPERVISOR:END--> and more text that is long enough\n");
  REQUIRE(c.comm.size() == 2);
  CHECK(c.comm[1] == "data");
  CHECK(sup::test::read_file(path) == "beforeafter\nx and more text that is long enough\n");
}

TEST_CASE("without capture every chunk is written at once", "[unit]") {
  TempDir dir;
  ChannelLog::Options o;
  o.path = dir.file("n.log");
  o.strip_ansi = true;
  ChannelLog log(o, {});
  REQUIRE(!log.open());
  log.handle("hi\n");
  log.handle("\x1b[1mbold\x1b[0m\n");
  CHECK(sup::test::read_file(dir.file("n.log")) == "hi\nbold\n");
}
