// [eventlistener:x] pools on the fake machine (events.md §5, §6): what is written to a
// listener's stdin and when, how RESULT answers are taken, buffer overflow, and re-queueing
// on FAIL, on a broken protocol and when a listener dies with an event in flight. Events are
// made with Supervisor::send_remote_communication, one call per event.
#include <signal.h>

#include <catch2/catch.hpp>
#include <fmt/format.h>

#include "tests/events/event_harness.h"

using namespace sup;
using namespace sup::test;
using namespace std::chrono_literals;
using Strings = std::vector<std::string>;

namespace {

// The data of each REMOTE_COMMUNICATION envelope ("type:t\n<data>" -> "<data>").
Strings data_of(const std::vector<Envelope>& events) {
  Strings out;
  for (const Envelope& e : events) out.push_back(e.payload.substr(e.payload.find('\n') + 1));
  return out;
}

void send(Machine& m, const std::string& data) { m.supervisor().send_remote_communication("t", data); }

GroupConfig remote_pool(std::vector<ProcessConfig> members, int buffer_size = 10) {
  return listener_group("pool", std::move(members), {"REMOTE_COMMUNICATION"}, buffer_size);
}

}  // namespace

TEST_CASE("an event is written only to a RUNNING listener that said READY, one at a time", "[events]") {
  ProcessConfig slow = listener("l");
  slow.startsecs = 1;
  EventMachine em({remote_pool({slow})});
  Machine& m = em.machine;
  m.start();
  FakeListener l(m, "l");
  send(m, "one");
  send(m, "two");
  // Neither READY nor RUNNING: buffered.
  CHECK_FALSE(l.poll());
  // READY while still STARTING: still buffered.
  CHECK_FALSE(l.ready());
  m.advance(1001ms);
  REQUIRE(m.process("l").state() == ProcessState::kRunning);
  std::optional<Envelope> first = l.poll();
  REQUIRE(first);
  CHECK(data_of({*first}) == Strings{"one"});
  CHECK(first->pool_serial == 0);
  // BUSY: the second waits for the answer and a new READY.
  CHECK_FALSE(l.poll());
  l.result("OK");
  CHECK_FALSE(l.poll());
  std::optional<Envelope> second = l.ready();
  REQUIRE(second);
  CHECK(data_of({*second}) == Strings{"two"});
  CHECK(second->pool_serial == 1);
  CHECK(m.logged(fmt::format("event {} sent to listener l", first->serial)));
}

TEST_CASE("RESULT OK is the end of an event; FAIL puts it back at the head, serials kept", "[events]") {
  EventMachine em({remote_pool({listener("l")})});
  Machine& m = em.machine;
  m.start();
  FakeListener l(m, "l");
  send(m, "a");
  send(m, "b");
  std::optional<Envelope> a = l.ready();
  REQUIRE(a);
  l.result("FAIL");
  std::optional<Envelope> again = l.ready();
  REQUIRE(again);
  CHECK(again->raw == a->raw);  // same serial and poolserial
  CHECK(m.logged(fmt::format("rebuffering event {} for pool pool", a->serial)));
  // The answer and the next READY in one write are taken in order.
  l.write("RESULT 2\nOKREADY\n");
  std::vector<Envelope> rest;
  if (auto b = l.poll()) rest.push_back(*b);
  CHECK(data_of(rest) == Strings{"b"});
  l.result("OK");
  CHECK(l.drain().empty());
}

TEST_CASE("a body other than OK is a rejection, a bad result line breaks the listener for good", "[events]") {
  EventMachine em({remote_pool({listener("l"), listener("m")})});
  Machine& m = em.machine;
  m.start();
  FakeListener l(m, "l"), other(m, "m");
  send(m, "x");
  std::optional<Envelope> x = l.ready();
  REQUIRE(x);
  l.write("garbage\n");
  CHECK(m.logged("WARN l: bad result line: 'garbage'"));
  CHECK(m.logged("l: has entered the UNKNOWN state and will no longer receive events"));
  // The event went back to the pool and to the listener that still follows the protocol.
  std::optional<Envelope> retried = other.ready();
  REQUIRE(retried);
  CHECK(retried->raw == x->raw);
  other.result("OK");
  send(m, "y");
  l.write("READY\n");
  CHECK_FALSE(l.poll());
  CHECK(data_of(other.drain()) == Strings{"y"});
}

TEST_CASE("the first READY listener in process order gets the next event", "[events]") {
  EventMachine em({remote_pool({listener("pool_0"), listener("pool_1")})});
  Machine& m = em.machine;
  m.start();
  FakeListener l0(m, "pool_0"), l1(m, "pool_1");
  CHECK_FALSE(l1.ready());
  CHECK_FALSE(l0.ready());
  send(m, "1");
  send(m, "2");
  send(m, "3");
  std::optional<Envelope> e0 = l0.poll(), e1 = l1.poll();
  REQUIRE(e0);
  REQUIRE(e1);
  CHECK(data_of({*e0, *e1}) == Strings{"1", "2"});
  l1.result("OK");
  CHECK(data_of(l1.drain()) == Strings{"3"});
  l0.result("OK");
  CHECK(l0.drain().empty());
}

TEST_CASE("buffer_size: the oldest queued event is dropped, with Supervisor's log line", "[events]") {
  EventMachine em({remote_pool({listener("l")}, 2)});
  Machine& m = em.machine;
  m.start();
  send(m, "1");
  send(m, "2");
  send(m, "3");
  FakeListener l(m, "l");
  std::vector<Envelope> got = l.drain();
  CHECK(data_of(got) == Strings{"2", "3"});
  REQUIRE(got.size() == 2);
  // The first one's serial is the one before the second's: the pool assigned it, then dropped it.
  CHECK(m.logged(fmt::format("ERRO pool pool event buffer overflowed, discarding event {}", got[0].serial - 1)));
  CHECK(got[0].pool_serial == 1);
}

TEST_CASE("a listener that dies with an event in flight: the event goes to the head of the queue", "[events]") {
  SECTION("to the listener's next incarnation") {
    ProcessConfig p = listener("l");
    p.autorestart = AutoRestart::kAlways;
    EventMachine em({remote_pool({p})});
    Machine& m = em.machine;
    m.start();
    FakeListener l(m, "l");
    send(m, "first");
    send(m, "second");
    std::optional<Envelope> first = l.ready();
    REQUIRE(first);
    pid_t old = m.process("l").pid();
    m.end(m.process("l"), FakeOs::killed_by(SIGKILL));
    m.advance(1ms);
    REQUIRE(m.process("l").state() == ProcessState::kRunning);
    REQUIRE(m.process("l").pid() != old);
    // A new child starts ACKNOWLEDGED: nothing until it says READY.
    CHECK_FALSE(l.poll());
    std::vector<Envelope> got = l.drain();
    REQUIRE(got.size() == 2);
    CHECK(got[0].raw == first->raw);
    CHECK(data_of(got) == Strings{"first", "second"});
  }
  SECTION("to another listener of the pool that is ready") {
    EventMachine em({remote_pool({listener("pool_0"), listener("pool_1")})});
    Machine& m = em.machine;
    m.start();
    FakeListener l0(m, "pool_0"), l1(m, "pool_1");
    send(m, "e");
    std::optional<Envelope> e = l0.ready();
    REQUIRE(e);
    CHECK_FALSE(l1.ready());
    m.end(m.process("pool_0"), FakeOs::exited(0));
    std::optional<Envelope> moved = l1.poll();
    REQUIRE(moved);
    CHECK(moved->raw == e->raw);
  }
}
