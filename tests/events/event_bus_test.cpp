// The event bus on the fake machine: which events the Supervisor's notifications become,
// with the exact payloads of events.md §3, their serials (§2), who receives them (§1
// subscriptions) and the TICK_* clock (§4). Each test reads what a pool wrote to a fake
// listener's stdin.
#include <signal.h>

#include <algorithm>

#include <catch2/catch.hpp>
#include <fmt/format.h>

#include "common/config_lifecycle.h"
#include "tests/events/event_harness.h"

using namespace sup;
using namespace sup::test;
using namespace std::chrono_literals;
using Strings = std::vector<std::string>;

namespace {

int exit_code(int code) { return FakeOs::exited(code); }

// "EVENTNAME payload" for each envelope whose payload names `process`.
Strings state_events_of(const std::vector<Envelope>& events, const std::string& process) {
  Strings out;
  for (const Envelope& e : events) {
    if (e.payload.rfind("processname:" + process + " ", 0) == 0) out.push_back(e.name + " " + e.payload);
  }
  return out;
}

Strings names(const std::vector<Envelope>& events) {
  Strings out;
  for (const Envelope& e : events) out.push_back(e.name);
  return out;
}

}  // namespace

TEST_CASE("PROCESS_STATE_* payloads through a whole life, as Supervisor sends them", "[events]") {
  ProcessConfig p = program("p");
  p.autostart = false;
  p.startretries = 1;
  p.autorestart = AutoRestart::kNever;
  EventMachine em({listener_group("rec", {listener("rec")}, {"PROCESS_STATE"}, 100), group_of(p)});
  Machine& m = em.machine;
  m.start();
  Supervisor& sup = m.supervisor();
  Process& q = m.process("p");

  // STOPPED -> STARTING -> RUNNING -> EXITED (expected), then an unexpected exit.
  sup.start_process(q);
  pid_t first = q.pid();
  m.advance(1001ms);
  m.end(q, exit_code(0));
  sup.start_process(q);
  pid_t second = q.pid();
  m.advance(1001ms);
  m.end(q, exit_code(3));
  // Two quick deaths: BACKOFF with the tries count, then FATAL (startretries=1).
  sup.start_process(q);
  m.end(q, exit_code(1));
  m.advance(1001ms);
  m.end(q, exit_code(1));
  m.advance(1001ms);
  REQUIRE(q.state() == ProcessState::kFatal);
  // From FATAL to RUNNING again, then stopped: STOPPING and STOPPED carry the pid.
  sup.start_process(q);
  m.advance(1001ms);
  pid_t last = q.pid();
  sup.stop_process(q);
  m.end(q, FakeOs::killed_by(SIGTERM));

  FakeListener rec(m, "rec");
  CHECK(state_events_of(rec.drain(), "p") ==
        Strings{
            "PROCESS_STATE_STARTING processname:p groupname:p from_state:STOPPED tries:0",
            fmt::format("PROCESS_STATE_RUNNING processname:p groupname:p from_state:STARTING pid:{}", first),
            fmt::format("PROCESS_STATE_EXITED processname:p groupname:p from_state:RUNNING expected:1 pid:{}", first),
            "PROCESS_STATE_STARTING processname:p groupname:p from_state:EXITED tries:0",
            fmt::format("PROCESS_STATE_RUNNING processname:p groupname:p from_state:STARTING pid:{}", second),
            fmt::format("PROCESS_STATE_EXITED processname:p groupname:p from_state:RUNNING expected:0 pid:{}", second),
            "PROCESS_STATE_STARTING processname:p groupname:p from_state:EXITED tries:0",
            "PROCESS_STATE_BACKOFF processname:p groupname:p from_state:STARTING tries:1",
            "PROCESS_STATE_STARTING processname:p groupname:p from_state:BACKOFF tries:1",
            "PROCESS_STATE_BACKOFF processname:p groupname:p from_state:STARTING tries:2",
            "PROCESS_STATE_FATAL processname:p groupname:p from_state:BACKOFF",
            "PROCESS_STATE_STARTING processname:p groupname:p from_state:FATAL tries:0",
            fmt::format("PROCESS_STATE_RUNNING processname:p groupname:p from_state:STARTING pid:{}", last),
            fmt::format("PROCESS_STATE_STOPPING processname:p groupname:p from_state:RUNNING pid:{}", last),
            fmt::format("PROCESS_STATE_STOPPED processname:p groupname:p from_state:STOPPING pid:{}", last),
        });
}

TEST_CASE("a listener's own state changes reach its pool; the envelope is exact", "[events]") {
  EventMachine em({listener_group("rec", {listener("rec")}, {"PROCESS_STATE_STARTING"})});
  Machine& m = em.machine;
  m.start();
  FakeListener rec(m, "rec");
  std::optional<Envelope> e = rec.ready();
  REQUIRE(e);
  CHECK(e->raw == fmt::format("ver:3.0 server:supervisor serial:{} pool:rec poolserial:0 "
                              "eventname:PROCESS_STATE_STARTING len:56\n"
                              "processname:rec groupname:rec from_state:STOPPED tries:0",
                              e->serial));
}

TEST_CASE("PROCESS_GROUP_ADDED / _REMOVED: from the pool's own creation on, with a newline", "[events]") {
  ProcessConfig p = program("p");
  p.autostart = false;
  // "early" is created before the pool (lower priority number), so the pool never hears of it.
  EventMachine em({group_of(program("early"), -5), listener_group("rec", {listener("rec")}, {"PROCESS_GROUP"}),
                   group_of(p)});
  Machine& m = em.machine;
  m.start();
  Supervisor& sup = m.supervisor();
  REQUIRE(sup.remove_group("p") == Supervisor::GroupChange::kOk);
  REQUIRE(sup.add_group("p") == Supervisor::GroupChange::kOk);

  FakeListener rec(m, "rec");
  std::vector<Envelope> events = rec.drain();
  REQUIRE(events.size() == 4);
  CHECK(names(events) == Strings{"PROCESS_GROUP_ADDED", "PROCESS_GROUP_ADDED", "PROCESS_GROUP_REMOVED",
                                 "PROCESS_GROUP_ADDED"});
  CHECK(events[0].payload == "groupname:rec\n");
  CHECK(events[1].payload == "groupname:p\n");
  CHECK(events[2].payload == "groupname:p\n");
  CHECK(events[3].payload == "groupname:p\n");
  CHECK(events[0].header["len"] == "14");
  // Nothing else was subscribed: the process state events and SUPERVISOR_STATE_CHANGE in
  // between consumed no serial.
  for (std::size_t i = 0; i < events.size(); ++i) {
    CHECK(events[i].pool_serial == static_cast<std::int64_t>(i));
    CHECK(events[i].serial == events[0].serial + static_cast<std::int64_t>(i));
  }
}

TEST_CASE("REMOTE_COMMUNICATION from Supervisor::send_remote_communication", "[events]") {
  EventMachine em({listener_group("rec", {listener("rec")}, {"REMOTE_COMMUNICATION"})});
  Machine& m = em.machine;
  m.start();
  m.supervisor().send_remote_communication("mytype", "some data \xc3\xa9");
  FakeListener rec(m, "rec");
  std::optional<Envelope> e = rec.ready();
  REQUIRE(e);
  CHECK(e->name == "REMOTE_COMMUNICATION");
  CHECK(e->payload == "type:mytype\nsome data \xc3\xa9");
  CHECK(e->header["len"] == "23");  // code points, not bytes (events.md §2)
}

TEST_CASE("serials: one global counter over all pools, one pool counter each; no stray types", "[events]") {
  ProcessConfig p = program("p");
  p.autostart = false;
  EventMachine em({listener_group("groups", {listener("groups")}, {"PROCESS_GROUP"}, 10, -2),
                   listener_group("remote", {listener("remote")}, {"REMOTE_COMMUNICATION"}, 10, -1),
                   listener_group("both", {listener("both")}, {"PROCESS_GROUP", "REMOTE_COMMUNICATION"}, 10, 0),
                   group_of(p)});
  Machine& m = em.machine;
  m.start();
  Supervisor& sup = m.supervisor();
  sup.send_remote_communication("a", "1");
  REQUIRE(sup.remove_group("p") == Supervisor::GroupChange::kOk);
  sup.send_remote_communication("b", "2");

  FakeListener groups(m, "groups"), remote(m, "remote"), both(m, "both");
  std::vector<Envelope> g = groups.drain(), r = remote.drain(), b = both.drain();
  // groups heard of its own creation and the two later groups, and of the removal.
  CHECK(names(g) == Strings{"PROCESS_GROUP_ADDED", "PROCESS_GROUP_ADDED", "PROCESS_GROUP_ADDED",
                            "PROCESS_GROUP_ADDED", "PROCESS_GROUP_REMOVED"});
  CHECK(names(r) == Strings{"REMOTE_COMMUNICATION", "REMOTE_COMMUNICATION"});
  CHECK(names(b) == Strings{"PROCESS_GROUP_ADDED", "PROCESS_GROUP_ADDED", "REMOTE_COMMUNICATION",
                            "PROCESS_GROUP_REMOVED", "REMOTE_COMMUNICATION"});
  REQUIRE(g.size() == 5);
  REQUIRE(r.size() == 2);
  REQUIRE(b.size() == 5);
  for (const auto* pool : {&g, &r, &b}) {
    for (std::size_t i = 0; i < pool->size(); ++i) CHECK((*pool)[i].pool_serial == static_cast<std::int64_t>(i));
  }
  // Global serials, in emission order: ADDED groups, ADDED remote, ADDED both, ADDED p,
  // the first remote message, REMOVED p, the second.
  std::int64_t s0 = g[0].serial;
  CHECK(g[1].serial == s0 + 1);
  CHECK(g[2].serial == s0 + 2);
  CHECK(b[0].serial == s0 + 2);  // the same event, one serial for every pool
  CHECK(g[3].serial == s0 + 3);
  CHECK(b[1].serial == s0 + 3);
  CHECK(r[0].serial == s0 + 4);
  CHECK(b[2].serial == s0 + 4);
  CHECK(g[4].serial == s0 + 5);
  CHECK(b[3].serial == s0 + 5);
  CHECK(r[1].serial == s0 + 6);
  CHECK(b[4].serial == s0 + 6);
}

TEST_CASE("health verdicts reach PROCESS_HEALTH subscribers only, never EVENT's", "[events]") {
  ProcessConfig p = program("web");
  auto lifecycle = std::make_shared<LifecycleConfig>();
  lifecycle->healthcheck = HealthCheckConfig{};
  p.lifecycle = lifecycle;
  EventMachine em({listener_group("unhealthy", {listener("unhealthy")}, {"PROCESS_HEALTH_UNHEALTHY"}, 10, -3),
                   listener_group("family", {listener("family")}, {"PROCESS_HEALTH"}, 10, -2),
                   listener_group("all", {listener("all")}, {"EVENT"}, 100, -1), group_of(p)});
  Machine& m = em.machine;
  m.start();
  m.advance(1001ms);
  Process& web = m.process("web");
  REQUIRE(web.state() == ProcessState::kRunning);
  web.set_health(Health::kHealthy);
  web.set_health(Health::kUnhealthy);
  web.set_health(Health::kHealthy);

  FakeListener unhealthy(m, "unhealthy"), family(m, "family"), all(m, "all");
  CHECK(state_events_of(unhealthy.drain(), "web") ==
        Strings{fmt::format("PROCESS_HEALTH_UNHEALTHY processname:web groupname:web from_health:healthy pid:{}",
                            web.pid())});
  CHECK(names(family.drain()) ==
        Strings{"PROCESS_HEALTH_HEALTHY", "PROCESS_HEALTH_UNHEALTHY", "PROCESS_HEALTH_HEALTHY"});
  std::vector<Envelope> everything = all.drain();
  CHECK(std::none_of(everything.begin(), everything.end(),
                     [](const Envelope& e) { return e.name.rfind("PROCESS_HEALTH", 0) == 0; }));
  // The EVENT pool did hear of the program's state changes: it was listening.
  CHECK(std::any_of(everything.begin(), everything.end(),
                    [](const Envelope& e) { return e.name == "PROCESS_STATE_RUNNING"; }));
}

TEST_CASE("overlapping subscriptions queue an event once per matching subscription", "[events]") {
  EventMachine em({listener_group("rec", {listener("rec")}, {"EVENT", "REMOTE_COMMUNICATION"})});
  Machine& m = em.machine;
  m.start();
  FakeListener rec(m, "rec");
  rec.drain();
  m.supervisor().send_remote_communication("t", "x");
  std::vector<Envelope> events = rec.drain();
  REQUIRE(events.size() == 2);
  // The second acceptance is Supervisor's "rebuffering": both serials are kept.
  CHECK(events[0].raw == events[1].raw);
  CHECK(m.logged(fmt::format("rebuffering event {} for pool rec", events[0].serial)));
}

// The fake wall clock starts at 2026-01-01T00:00:00Z, a multiple of every period.
constexpr std::int64_t kWallOrigin = 1767225600;

TEST_CASE("TICK_5 at each 5 s boundary of the wall clock, the start of the new period", "[events]") {
  EventMachine em({listener_group("five", {listener("five")}, {"TICK_5"}, 100)});
  Machine& m = em.machine;
  m.start();
  FakeListener five(m, "five");
  CHECK(five.drain().empty());  // the current period is recorded without an event
  m.advance(4999ms);
  CHECK(five.drain().empty());
  m.advance(61s);
  std::vector<Envelope> ticks = five.drain();
  REQUIRE(ticks.size() == 13);
  for (std::size_t i = 0; i < ticks.size(); ++i) {
    CHECK(ticks[i].name == "TICK_5");
    CHECK(ticks[i].payload == fmt::format("when:{}", kWallOrigin + 5 * static_cast<std::int64_t>(i + 1)));
  }
}

TEST_CASE("TICK_60 and TICK_3600 reach pools that subscribe to nothing else", "[events]") {
  EventMachine em({listener_group("minute", {listener("minute")}, {"TICK_60"}, 100),
                   listener_group("hour", {listener("hour")}, {"TICK_3600"}, 100)});
  Machine& m = em.machine;
  m.start();
  FakeListener minute(m, "minute"), hour(m, "hour");
  CHECK(minute.drain().empty());
  CHECK(hour.drain().empty());
  m.advance(61s);
  std::vector<Envelope> minutes = minute.drain();
  REQUIRE(minutes.size() == 1);
  CHECK(minutes[0].name == "TICK_60");
  CHECK(minutes[0].payload == fmt::format("when:{}", kWallOrigin + 60));
  CHECK(hour.drain().empty());
  m.advance(3540s);
  CHECK(minute.drain().size() == 59);
  std::vector<Envelope> hours = hour.drain();
  REQUIRE(hours.size() == 1);
  CHECK(hours[0].payload == fmt::format("when:{}", kWallOrigin + 3600));
}

TEST_CASE("the tick alarm is armed only while some pool subscribes to a TICK type", "[events]") {
  EventMachine em({listener_group("five", {listener("five")}, {"TICK_5"}),
                   listener_group("minute", {listener("minute")}, {"TICK"}),
                   listener_group("other", {listener("other")}, {"PROCESS_GROUP"})});
  Machine& m = em.machine;
  m.start();
  Supervisor& sup = m.supervisor();
  auto remove = [&](const std::string& name) {
    REQUIRE(sup.stop_process(m.process(name)).outcome == StopResult::Outcome::kStopping);
    m.end(m.process(name), FakeOs::killed_by(SIGTERM));
    REQUIRE(sup.remove_group(name) == Supervisor::GroupChange::kOk);
  };
  CHECK(m.os().alarm_armed());
  remove("five");
  CHECK(m.os().alarm_armed());  // "minute" subscribes to every TICK
  remove("minute");
  // "other" wants no ticks, and an idle daemon wakes up for nothing.
  CHECK_FALSE(m.os().alarm_armed());
}
