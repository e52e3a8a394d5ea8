// start_one / stop_one / signal_one, their deferred answers through finish_op, the group
// runner's result order and ProcessHandle, on the fake machine (tests/core/machine.h):
// faults and codes as http-xmlrpc.md §7.5, §7.8 and §7.10 give them. A test "calls" an
// operation with a Responder that records the answer and the fake time it came at.
#include <signal.h>

#include <cerrno>

#include <catch2/catch.hpp>
#include <fmt/format.h>

#include "supervisord/rpc/rpc_process_ops.h"
#include "tests/core/machine.h"
#include "xmlrpc/codec.h"
#include "xmlrpc/faults.h"

using namespace sup;
using namespace sup::test;
using namespace std::chrono_literals;
using Strings = std::vector<std::string>;
namespace faults = xmlrpc::faults;

namespace {

// What a Responder was answered, and when. Shared with the responder, which a waiter inside
// the Supervisor may still hold when the test ends.
class Answer {
 public:
  explicit Answer(Machine& m) : state_(std::make_shared<State>()), machine_(&m) {}

  xmlrpc::Responder responder() {
    return xmlrpc::Responder([state = state_, m = machine_](xmlrpc::Reply reply) {
      state->reply = std::move(reply);
      state->at = m->os().elapsed();
    });
  }
  bool answered() const { return state_->reply.has_value(); }
  std::chrono::milliseconds at() const { return *state_->at; }
  bool is_true() const {
    const auto* v = answered() ? std::get_if<xmlrpc::Value>(&*state_->reply) : nullptr;
    return v != nullptr && v->is_bool() && v->as_bool();
  }
  // "CODE text", or "" when the answer is no fault.
  std::string fault() const {
    const auto* f = answered() ? std::get_if<xmlrpc::Fault>(&*state_->reply) : nullptr;
    return f ? fmt::format("{} {}", f->code, f->string) : "";
  }
  bool http_500() const {
    const auto* e = answered() ? std::get_if<xmlrpc::HttpError>(&*state_->reply) : nullptr;
    return e != nullptr && e->status == 500;
  }
  // A group answer's result structs as "group:name STATUS description", in order.
  Strings results() const {
    REQUIRE(answered());
    const auto* encoded = std::get_if<xmlrpc::EncodedValue>(&*state_->reply);
    REQUIRE(encoded != nullptr);
    std::string body = std::string(xmlrpc::kResponseHead) + encoded->xml + std::string(xmlrpc::kResponseTail);
    auto parsed = xmlrpc::parse_method_response(body);
    REQUIRE(std::holds_alternative<xmlrpc::Value>(parsed));
    Strings out;
    for (const xmlrpc::Value& r : std::get<xmlrpc::Value>(parsed).as_array()) {
      out.push_back(fmt::format("{}:{} {} {}", r.find("group")->as_string(), r.find("name")->as_string(),
                                r.find("status")->as_int(), r.find("description")->as_string()));
    }
    return out;
  }

 private:
  struct State {
    std::optional<xmlrpc::Reply> reply;
    std::optional<std::chrono::milliseconds> at;
  };
  std::shared_ptr<State> state_;
  Machine* machine_;
};

// The daemon's count of group removals (rpc_supervisor keeps one per incarnation).
struct Removals {
  std::shared_ptr<std::uint64_t> count = std::make_shared<std::uint64_t>(0);
  RemovalCounter counter() const { return count; }
  void removed() { ++*count; }
};

ProcessConfig manual(const std::string& name, int startsecs = 1) {
  ProcessConfig p = program(name);
  p.autostart = false;
  p.startsecs = startsecs;
  return p;
}

void start(Machine& m, Process& p, bool wait, Answer& answer, const Removals& removals, std::string namespec = "") {
  if (namespec.empty()) namespec = p.name();
  finish_op(m.supervisor(), start_one(m.supervisor(), p, namespec, wait, removals.counter()), answer.responder());
}

void stop(Machine& m, Process& p, bool wait, Answer& answer, const Removals& removals) {
  finish_op(m.supervisor(), stop_one(m.supervisor(), p, p.name(), wait, removals.counter()), answer.responder());
}

// The moment `p` entered RUNNING, from the machine's record of changes.
std::chrono::milliseconds running_at(const Machine& m, const std::string& p) {
  for (const Change& c : m.timed_changes()) {
    if (c.text == p + ":STARTING->RUNNING") return c.at;
  }
  FAIL("never RUNNING: " << p);
  return {};
}

int killed(int sig) { return FakeOs::killed_by(sig); }

}  // namespace

TEST_CASE("start_one, wait=false: true right after the spawn, or SPAWN_ERROR when it failed", "[rpc]") {
  Machine m({group_of(manual("p"))});
  m.start();
  Removals removals;
  Answer started(m);
  start(m, m.process("p"), false, started, removals);
  CHECK(started.is_true());
  CHECK(m.process("p").state() == ProcessState::kStarting);

  Answer again(m);
  start(m, m.process("p"), false, again, removals, "p:p");
  CHECK(again.fault() == "60 ALREADY_STARTED: p:p");  // the name as the caller gave it

  Machine n({group_of(manual("p"))});
  n.start();
  n.os().fail_next_spawn(EAGAIN);
  Answer failed(n);
  start(n, n.process("p"), false, failed, removals);
  CHECK(failed.fault() == "50 SPAWN_ERROR: p");
  CHECK(n.process("p").state() == ProcessState::kBackoff);
}

TEST_CASE("start_one: a command that cannot run is NO_FILE / NOT_EXECUTABLE and changes nothing", "[rpc]") {
  ProcessConfig missing = manual("missing");
  missing.command = "/nonexistent/daemon";
  ProcessConfig directory = manual("directory");
  directory.command = "/tmp";
  Machine m({group_of(missing), group_of(directory)});
  m.start();
  Removals removals;
  Answer a(m), b(m);
  start(m, m.process("missing"), true, a, removals);
  start(m, m.process("directory"), true, b, removals);
  CHECK(a.fault() == "20 NO_FILE: can't find command '/nonexistent/daemon'");
  CHECK(b.fault() == "21 NOT_EXECUTABLE: command at '/tmp' is a directory");
  CHECK(m.os().spawns().empty());
  CHECK(m.changes().empty());
}

TEST_CASE("start_one, wait=true: answered once RUNNING, at Supervisor's ~50 ms poll", "[rpc]") {
  SECTION("startsecs=1") {
    Machine m({group_of(manual("p"))});
    m.start();
    Removals removals;
    Answer answer(m);
    start(m, m.process("p"), true, answer, removals);
    CHECK_FALSE(answer.answered());
    m.advance(999ms);
    CHECK_FALSE(answer.answered());  // STARTING until more than startsecs have passed
    CHECK(m.process("p").state() == ProcessState::kStarting);
    m.advance(101ms);
    REQUIRE(answer.answered());
    CHECK(answer.is_true());
    auto running = running_at(m, "p");
    CHECK(answer.at() >= running);
    CHECK(answer.at() <= running + 50ms);
  }
  SECTION("startsecs=0: at once") {
    Machine m({group_of(manual("p", 0))});
    m.start();
    Removals removals;
    Answer answer(m);
    start(m, m.process("p"), true, answer, removals);
    CHECK(answer.is_true());
  }
}

TEST_CASE("start_one, wait=true: SPAWN_ERROR or ABNORMAL_TERMINATION when it never gets RUNNING", "[rpc]") {
  SECTION("the child exits before startsecs: spawnerr is set") {
    Machine m({group_of(manual("p"))});
    m.start();
    Removals removals;
    Answer answer(m);
    start(m, m.process("p"), true, answer, removals);
    m.advance(200ms);
    m.end(m.process("p"), FakeOs::exited(1));
    m.advance(100ms);
    CHECK(answer.fault() == "50 SPAWN_ERROR: p");
  }
  SECTION("the spawn fails at once") {
    Machine m({group_of(manual("p"))});
    m.start();
    m.os().fail_next_spawn(ENOMEM);
    Removals removals;
    Answer answer(m);
    start(m, m.process("p"), true, answer, removals);
    CHECK(answer.fault() == "50 SPAWN_ERROR: p");
  }
  SECTION("stopped while STARTING") {
    Machine m({group_of(manual("p"))});
    m.start();
    Removals removals;
    Answer answer(m);
    start(m, m.process("p"), true, answer, removals);
    m.advance(200ms);
    m.supervisor().stop_process(m.process("p"));
    m.advance(100ms);
    CHECK(answer.fault() == "40 ABNORMAL_TERMINATION: p");
    CHECK(m.process("p").state() == ProcessState::kStopping);
  }
}

TEST_CASE("stop_one: true after signalling, or with wait once stopped; NOT_RUNNING, FAILED", "[rpc]") {
  Machine m({group_of(program("p")), group_of(program("q")), group_of(manual("idle"))});
  m.start();
  m.advance(1001ms);
  Removals removals;

  Answer at_once(m);
  stop(m, m.process("p"), false, at_once, removals);
  CHECK(at_once.is_true());
  CHECK(m.process("p").state() == ProcessState::kStopping);

  Answer waited(m);
  stop(m, m.process("q"), true, waited, removals);
  m.advance(5s);
  CHECK_FALSE(waited.answered());  // the child ignores SIGTERM for now
  m.end(m.process("q"), killed(SIGTERM));
  CHECK(waited.is_true());
  CHECK(m.process("q").state() == ProcessState::kStopped);

  Answer not_running(m);
  stop(m, m.process("idle"), true, not_running, removals);
  CHECK(not_running.fault() == "70 NOT_RUNNING: idle");

  Machine n({group_of(program("p"))});
  n.start();
  n.os().fail_kills(EPERM);
  Answer failed(n);
  stop(n, n.process("p"), true, failed, removals);
  CHECK(failed.fault() ==
        fmt::format("30 FAILED: unknown problem killing p ({}):[Errno 1] Operation not permitted", n.process("p").pid()));
}

TEST_CASE("stop_one of a BACKOFF process: stopped at once, true even with wait", "[rpc]") {
  Machine m({group_of(program("p"))});
  m.os().end_children_at_spawn(FakeOs::exited(1));
  m.start();
  REQUIRE(m.process("p").state() == ProcessState::kBackoff);
  Removals removals;
  Answer answer(m);
  stop(m, m.process("p"), true, answer, removals);
  CHECK(answer.is_true());
  CHECK(m.process("p").state() == ProcessState::kStopped);
}

TEST_CASE("signal_one: by name or number to the pid; BAD_SIGNAL, NOT_RUNNING, FAILED", "[rpc]") {
  Machine m({group_of("g", {program("a"), manual("b")})});
  m.start();
  Supervisor& sup = m.supervisor();
  Process& a = m.process("a");
  Process& b = m.process("b");
  auto reply_text = [](const xmlrpc::Reply& r) -> std::string {
    if (const auto* f = std::get_if<xmlrpc::Fault>(&r)) return fmt::format("{} {}", f->code, f->string);
    if (const auto* v = std::get_if<xmlrpc::Value>(&r)) return v->is_bool() && v->as_bool() ? "true" : "?";
    if (const auto* e = std::get_if<xmlrpc::HttpError>(&r)) return fmt::format("HTTP {}", e->status);
    return "?";
  };

  CHECK(reply_text(signal_one(sup, a, "g:a", xmlrpc::Value("hup"))) == "true");
  CHECK(reply_text(signal_one(sup, a, "g:a", xmlrpc::Value(18))) == "true");
  CHECK(reply_text(signal_one(sup, a, "g:a", xmlrpc::Value("SIGUSR1"))) == "true");
  REQUIRE(m.os().kills().size() == 3);
  CHECK(m.os().kills()[0].target == a.pid());
  CHECK(m.os().kills()[0].sig == SIGHUP);
  CHECK(m.os().kills()[1].sig == SIGCONT);
  CHECK(m.os().kills()[2].sig == SIGUSR1);

  CHECK(reply_text(signal_one(sup, a, "g:a", xmlrpc::Value("FOO"))) == "11 BAD_SIGNAL: FOO");
  CHECK(reply_text(signal_one(sup, a, "g:a", xmlrpc::Value(99))) == "11 BAD_SIGNAL: 99");
  // A bad signal is reported before the state is looked at.
  CHECK(reply_text(signal_one(sup, b, "g:b", xmlrpc::Value("FOO"))) == "11 BAD_SIGNAL: FOO");
  CHECK(reply_text(signal_one(sup, b, "g:b", xmlrpc::Value("HUP"))) == "70 NOT_RUNNING: g:b");
  CHECK(reply_text(signal_one(sup, a, "g:a", xmlrpc::Value(xmlrpc::Array{}))) == "HTTP 500");
  CHECK(m.os().kills().size() == 3);

  m.os().fail_kills(EPERM);
  CHECK(reply_text(signal_one(sup, a, "g:a", xmlrpc::Value("HUP"))) ==
        fmt::format("30 FAILED: unknown problem sending sig a ({}):[Errno 1] Operation not permitted", a.pid()));
}

TEST_CASE("run_group_op: immediate results in priority order, then deferred ones as they finish", "[rpc]") {
  ProcessConfig a = manual("a", 1);
  a.priority = 30;
  ProcessConfig b = manual("b", 0);
  b.priority = 10;
  ProcessConfig c = manual("c", 1);
  c.priority = 20;
  ProcessConfig d = manual("d");
  d.priority = 5;
  d.command = "/nonexistent/x";
  ProcessConfig e = manual("e", 3);
  e.priority = 1;
  Machine m({group_of("g", {a, b, c, d, e})});
  m.start();
  Supervisor& sup = m.supervisor();
  Removals removals;
  std::vector<Process*> members = group_members_by_priority(*sup.find_group("g"));
  REQUIRE(members.size() == 5);
  CHECK(members[0]->name() == "e");
  CHECK(members[4]->name() == "a");

  Answer answer(m);
  run_group_op(
      sup, members, [](const Process&) { return true; },
      [&](Process& p, const std::string& ns) { return start_one(sup, p, ns, true, removals.counter()); },
      answer.responder());
  CHECK_FALSE(answer.answered());
  m.advance(5s);
  // d and b are known at once, in priority order; c and a finish in the same 50 ms and are
  // reported in priority order too; e (startsecs=3) finishes last, after a of lower priority.
  CHECK(answer.results() == Strings{"g:d 20 NO_FILE: can't find command '/nonexistent/x'", "g:b 80 OK", "g:c 80 OK",
                                    "g:a 80 OK", "g:e 80 OK"});
  CHECK(answer.at() <= running_at(m, "e") + 50ms);
}

TEST_CASE("run_group_op: the predicate picks members; none left answers [] at once", "[rpc]") {
  Machine m({group_of("g", {program("a"), manual("b"), program("c")})});
  m.start();
  m.advance(1001ms);
  Supervisor& sup = m.supervisor();
  Removals removals;
  auto members = group_members_by_priority(*sup.find_group("g"));
  auto running = [](const Process& p) { return p.state() == ProcessState::kRunning; };
  auto stop_member = [&](Process& p, const std::string& ns) {
    return stop_one(sup, p, ns, true, removals.counter(), ReapAfterStop::kOnSigchld);
  };

  Answer stopped(m);
  run_group_op(sup, members, running, stop_member, stopped.responder());
  CHECK(m.process("b").state() == ProcessState::kStopped);  // never touched
  m.end(m.process("c"), killed(SIGTERM));
  m.advance(100ms);
  CHECK_FALSE(stopped.answered());
  m.end(m.process("a"), killed(SIGTERM));
  m.advance(50ms);
  // Completion order, not group order: c was stopped 100 ms before a.
  CHECK(stopped.results() == Strings{"g:c 80 OK", "g:a 80 OK"});

  Answer nothing(m);
  run_group_op(sup, members, running, stop_member, nothing.responder());
  CHECK(nothing.results().empty());
}

TEST_CASE("run_group_op: an HTTP error from one member is the answer of the whole call", "[rpc]") {
  Machine m({group_of("g", {program("a"), program("b")})});
  m.start();
  Supervisor& sup = m.supervisor();
  Answer answer(m);
  run_group_op(
      sup, group_members_by_priority(*sup.find_group("g")), [](const Process&) { return true; },
      [&](Process& p, const std::string& ns) {
        return ProcessOp{signal_one(sup, p, ns, xmlrpc::Value(xmlrpc::Struct{})), {}};
      },
      answer.responder());
  CHECK(answer.http_500());
}

TEST_CASE("ProcessHandle: re-resolved by name after a group removal, nullptr while it is gone", "[rpc]") {
  Machine m({group_of(manual("p")), group_of(manual("other"))});
  m.start();
  Supervisor& sup = m.supervisor();
  Removals removals;
  Process* original = &m.process("p");
  ProcessHandle handle(sup, *original, removals.counter());
  CHECK(handle.get() == original);

  REQUIRE(sup.remove_group("other") == Supervisor::GroupChange::kOk);
  removals.removed();
  CHECK(handle.get() == original);  // still there

  REQUIRE(sup.remove_group("p") == Supervisor::GroupChange::kOk);
  removals.removed();
  CHECK(handle.get() == nullptr);
  REQUIRE(sup.add_group("p") == Supervisor::GroupChange::kOk);
  removals.removed();  // any change of the count makes the handle look again
  CHECK(handle.get() == &m.process("p"));
}

TEST_CASE("start_one, wait=true across a group removal: follows the re-added process", "[rpc]") {
  Machine m({group_of(program("p"))});
  m.start();
  Supervisor& sup = m.supervisor();
  sup.stop_process(m.process("p"));
  m.end(m.process("p"), killed(SIGTERM));
  Removals removals;

  SECTION("gone: ABNORMAL_TERMINATION") {
    Answer answer(m);
    start(m, m.process("p"), true, answer, removals);
    // Stopped and removed before the deferred answer is next evaluated.
    sup.stop_process(m.process("p"));
    m.end(m.process("p"), killed(SIGTERM));
    REQUIRE(sup.remove_group("p") == Supervisor::GroupChange::kOk);
    removals.removed();
    m.advance(100ms);
    CHECK(answer.fault() == "40 ABNORMAL_TERMINATION: p");
  }
  SECTION("re-added: the new process' RUNNING answers") {
    Answer answer(m);
    start(m, m.process("p"), true, answer, removals);
    sup.stop_process(m.process("p"));
    m.end(m.process("p"), killed(SIGTERM));
    REQUIRE(sup.remove_group("p") == Supervisor::GroupChange::kOk);
    removals.removed();
    REQUIRE(sup.add_group("p") == Supervisor::GroupChange::kOk);  // autostart: STARTING on the next pass
    m.advance(500ms);
    CHECK_FALSE(answer.answered());
    m.advance(600ms);
    CHECK(answer.is_true());
  }
}
