// The listener state machine against the byte sequences of events.md §5.2.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "supervisord/events/event_listener_protocol.h"

using namespace sup;

namespace {

struct Fixture {
  std::vector<std::string> lines;
  ListenerProtocol protocol{"lst", [this](LogLevel level, const std::string& m) {
                              lines.push_back((level == LogLevel::kWarn ? "WARN " : "DEBG ") + m);
                            }};
};

const char* kUnknownWarning =
    "WARN lst: has entered the UNKNOWN state and will no longer receive events, this usually indicates the process "
    "violated the eventlistener protocol";

}  // namespace

TEST_CASE("READY, then RESULT 2 OK accepts", "[events]") {
  Fixture f;
  CHECK(f.protocol.state() == ListenerState::kAcknowledged);
  auto r = f.protocol.feed("REA");
  CHECK_FALSE(r.ready);
  r = f.protocol.feed("DY\n");
  CHECK(r.ready);
  CHECK_FALSE(r.verdict);
  f.protocol.mark_busy();
  r = f.protocol.feed("RESULT 2\nO");
  CHECK_FALSE(r.verdict);
  CHECK(f.protocol.state() == ListenerState::kBusy);
  r = f.protocol.feed("KREADY\n");
  REQUIRE(r.verdict);
  CHECK(*r.verdict == ListenerProtocol::Verdict::kAccepted);
  CHECK(r.ready);
  CHECK(f.lines == std::vector<std::string>{"DEBG lst: ACKNOWLEDGED -> READY", "DEBG lst: event was processed",
                                            "DEBG lst: BUSY -> ACKNOWLEDGED", "DEBG lst: ACKNOWLEDGED -> READY"});
}

TEST_CASE("FAIL and any other body reject; the prefix is not checked", "[events]") {
  Fixture f;
  f.protocol.feed("READY\n");
  f.protocol.mark_busy();
  auto r = f.protocol.feed("RESULT 4\nFAIL");
  REQUIRE(r.verdict);
  CHECK(*r.verdict == ListenerProtocol::Verdict::kRejected);
  CHECK(f.protocol.state() == ListenerState::kAcknowledged);
  CHECK(f.lines.back() == "DEBG lst: BUSY -> ACKNOWLEDGED");
  CHECK(f.lines[f.lines.size() - 2] == "WARN lst: event was rejected");
  f.protocol.feed("READY\n");
  f.protocol.mark_busy();
  r = f.protocol.feed("XXXXXX 2\nOK");
  REQUIRE(r.verdict);
  CHECK(*r.verdict == ListenerProtocol::Verdict::kAccepted);
  f.protocol.feed("READY\n");
  f.protocol.mark_busy();
  r = f.protocol.feed("RESULT 3\nok!");
  CHECK(*r.verdict == ListenerProtocol::Verdict::kRejected);
}

TEST_CASE("bad result lines reject and trap the listener in UNKNOWN", "[events]") {
  for (std::string line : {"garbage\n", "RESULT x\n", "RESULT \n"}) {
    Fixture f;
    f.protocol.feed("READY\n");
    f.protocol.mark_busy();
    auto r = f.protocol.feed(line + "READY\n");
    REQUIRE(r.verdict);
    CHECK(*r.verdict == ListenerProtocol::Verdict::kRejected);
    CHECK_FALSE(r.ready);
    CHECK(f.protocol.state() == ListenerState::kUnknown);
    line.pop_back();
    CHECK(f.lines[1] == "WARN lst: bad result line: '" + line + "'");
    CHECK(f.lines[3] == kUnknownWarning);
    // Ignored from now on.
    r = f.protocol.feed("READY\n");
    CHECK_FALSE(r.ready);
    CHECK_FALSE(r.verdict);
  }
}

TEST_CASE("a second READY or junk while waiting is a protocol violation", "[events]") {
  Fixture f;
  auto r = f.protocol.feed("READY\nREADY\n");
  CHECK_FALSE(r.ready);
  CHECK(f.protocol.state() == ListenerState::kUnknown);
  CHECK(f.lines == std::vector<std::string>{"DEBG lst: ACKNOWLEDGED -> READY", "DEBG lst: READY -> UNKNOWN",
                                            kUnknownWarning});
  Fixture g;
  g.protocol.feed("hello!");
  CHECK(g.protocol.state() == ListenerState::kUnknown);
  Fixture h;
  h.protocol.feed("hello");  // fewer than 6 bytes: undecided
  CHECK(h.protocol.state() == ListenerState::kAcknowledged);
}

TEST_CASE("RESULT 0 stays BUSY until more bytes arrive", "[events]") {
  Fixture f;
  f.protocol.feed("READY\n");
  f.protocol.mark_busy();
  auto r = f.protocol.feed("RESULT 0\n");
  CHECK_FALSE(r.verdict);
  CHECK(f.protocol.state() == ListenerState::kBusy);
  r = f.protocol.feed("READY\n");
  REQUIRE(r.verdict);
  CHECK(*r.verdict == ListenerProtocol::Verdict::kRejected);
  CHECK(r.ready);
}

TEST_CASE("reset starts over in ACKNOWLEDGED", "[events]") {
  Fixture f;
  f.protocol.feed("junk!!");
  CHECK(f.protocol.state() == ListenerState::kUnknown);
  f.protocol.reset();
  CHECK(f.protocol.state() == ListenerState::kAcknowledged);
  CHECK(f.protocol.feed("READY\n").ready);
}
