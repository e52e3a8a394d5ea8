// ChannelLog's line mode (stamps and prefix): whole lines at once, a partial line held until
// its newline or 200 ms, the hooks seeing what the file gets.
#include <catch2/catch.hpp>

#include "common/log_channel.h"
#include "tests/observe/clock.h"
#include "tests/support/files.h"
#include "tests/support/temp_dir.h"

using namespace sup;
using namespace sup::test;
using namespace std::chrono_literals;

namespace {

struct Channel {
  explicit Channel(const std::string& path, bool prefix = false) : clock(sample_time()) {
    ChannelLog::Options o;
    o.process_name = "app";
    o.path = path;
    o.stamp = StampStyle::kPattern;
    o.stamp_pattern = "%H:%M:%S";
    o.prefix = prefix;
    o.clock = &clock;
    ChannelLog::Hooks h;
    h.on_output = [this](std::string_view d, bool) { seen.append(d); };
    log = std::make_unique<ChannelLog>(o, h);
    REQUIRE(!log->open());
  }
  ManualClock clock;
  std::string seen;
  std::unique_ptr<ChannelLog> log;
};

}  // namespace

TEST_CASE("each line start is stamped; the child's bytes follow unchanged", "[observe]") {
  ZoneGuard zone("UTC0");
  TempDir dir;
  Channel c(dir.file("a.log"), true);
  c.log->handle("one\ntwo\n\n\x01\xfe bin\n");
  std::string want = "app | 08:30:51 one\napp | 08:30:51 two\napp | 08:30:51 \napp | 08:30:51 \x01\xfe bin\n";
  CHECK(read_file(dir.file("a.log")) == want);
  CHECK(c.seen == want);
  CHECK_FALSE(c.log->next_wake());
}

TEST_CASE("a partial line waits for its newline or 200 ms", "[observe]") {
  ZoneGuard zone("UTC0");
  TempDir dir;
  Channel c(dir.file("p.log"));
  c.log->handle("par");
  CHECK(read_file(dir.file("p.log")) == "");
  REQUIRE(c.log->next_wake());
  c.clock.advance(100ms);
  c.log->handle("tial");
  c.log->on_wake();
  CHECK(read_file(dir.file("p.log")) == "");
  // The deadline counts from the line's first byte, not the last.
  CHECK(*c.log->next_wake() == c.clock.monotonic_now() + 100ms);
  c.clock.advance(1s);  // the line is stamped with its start, not this time
  c.log->handle(" done\nnext");
  CHECK(read_file(dir.file("p.log")) == "08:30:51 partial done\n");
  c.clock.advance(200ms);
  c.log->on_wake();
  CHECK(read_file(dir.file("p.log")) == "08:30:51 partial done\n08:30:52 next");
  CHECK_FALSE(c.log->next_wake());
  // The rest of a flushed line gets no second stamp.
  c.log->handle(" more\n");
  CHECK(read_file(dir.file("p.log")) == "08:30:51 partial done\n08:30:52 next more\n");
  CHECK(c.seen == read_file(dir.file("p.log")));
}

TEST_CASE("flush writes a held line at once, and destruction never loses it", "[observe]") {
  ZoneGuard zone("UTC0");
  TempDir dir;
  {
    Channel c(dir.file("f.log"));
    c.log->handle("tail");
    c.log->flush();
    CHECK(read_file(dir.file("f.log")) == "08:30:51 tail");
    c.log->handle("\nlast");
  }
  CHECK(read_file(dir.file("f.log")) == "08:30:51 tail\n08:30:51 last");
}

TEST_CASE("a very long partial line is not held", "[observe]") {
  ZoneGuard zone("UTC0");
  TempDir dir;
  Channel c(dir.file("l.log"));
  std::string huge(ChannelLog::kMaxHeld + 10, 'x');
  c.log->handle(huge);
  CHECK(read_file(dir.file("l.log")) == "08:30:51 " + huge);
  c.log->handle("y\n");
  CHECK(read_file(dir.file("l.log")) == "08:30:51 " + huge + "y\n");
}
