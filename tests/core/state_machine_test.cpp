// Every row of the process state table (process.md §3.1) and the timing rules around it
// (§3.2 backoff, §3.3 carry-over, §4 exit classification, §6 stopping, §7 ordering), driven
// through the fake machine: the clock moves only when a test advances it, children are pids
// on paper, and their exits are the test's decisions.
#include <signal.h>

#include <cerrno>

#include <catch2/catch.hpp>
#include <fmt/format.h>

#include "tests/core/machine.h"

using namespace sup;
using namespace sup::test;
using namespace std::chrono_literals;
using Strings = std::vector<std::string>;

namespace {

int exit_code(int code) { return FakeOs::exited(code); }
int killed(int sig) { return FakeOs::killed_by(sig); }

}  // namespace

TEST_CASE("STOPPED -> STARTING on the first pass for autostart, never for autostart=false", "[core]") {
  ProcessConfig manual = program("manual");
  manual.autostart = false;
  Machine m({group_of(program("auto")), group_of(manual)});
  m.start();
  CHECK(m.changes() == Strings{"auto:STOPPED->STARTING"});
  CHECK(m.spawn_times("auto") == std::vector<long>{0});
  m.advance(10s);
  CHECK(m.process("manual").state() == ProcessState::kStopped);
  CHECK(m.process("manual").description() == "Not started");
  CHECK(m.logged("spawned: 'auto' with pid "));
}

TEST_CASE("STARTING -> RUNNING only once more than startsecs have passed", "[core]") {
  ProcessConfig p = program("p");
  p.startsecs = 2;
  Machine m({group_of(p)});
  m.start();
  m.advance(2000ms);
  CHECK(m.process("p").state() == ProcessState::kStarting);  // strictly more than startsecs
  m.advance(1ms);
  CHECK(m.process("p").state() == ProcessState::kRunning);
  CHECK(m.process("p").backoff() == 0);
  CHECK(m.logged("INFO success: p entered RUNNING state, process has stayed up for > than 2 seconds (startsecs)"));
  // Nothing is left to wake up for.
  CHECK_FALSE(m.os().alarm_armed());
}

TEST_CASE("startsecs=0: a start request leaves the process RUNNING at once", "[core]") {
  ProcessConfig p = program("p");
  p.autostart = false;
  p.startsecs = 0;
  Machine m({group_of(p)});
  m.start();
  StartResult started = m.supervisor().start_process(m.process("p"));
  CHECK(started.outcome == StartResult::Outcome::kStarted);
  CHECK(m.process("p").state() == ProcessState::kRunning);
  CHECK(m.changes() == Strings{"p:STOPPED->STARTING", "p:STARTING->RUNNING"});
}

TEST_CASE("STARTING -> RUNNING -> EXITED when the child dies at startsecs before a pass", "[core]") {
  ProcessConfig p = program("p");
  p.startsecs = 1;
  p.autorestart = AutoRestart::kNever;
  Machine m({group_of(p)});
  m.start();
  m.advance(1000ms);
  m.end(m.process("p"), exit_code(0));
  CHECK(m.changes() == Strings{"p:STOPPED->STARTING", "p:STARTING->RUNNING", "p:RUNNING->EXITED"});
  CHECK_FALSE(m.logged("success:"));
  CHECK(m.logged("INFO exited: p (exit status 0; expected)"));
}

TEST_CASE("STARTING -> BACKOFF when the child exits before startsecs, whatever its code", "[core]") {
  ProcessConfig p = program("p");
  p.startsecs = 1;
  Machine m({group_of(p)});
  m.start();
  m.advance(500ms);
  m.end(m.process("p"), exit_code(0));  // 0 is in exitcodes, still "not expected"
  Process& q = m.process("p");
  CHECK(q.state() == ProcessState::kBackoff);
  CHECK(q.backoff() == 1);
  CHECK_FALSE(q.exitstatus().has_value());
  CHECK(q.spawnerr() == "Exited too quickly (process log may have details)");
  CHECK(q.description() == "Exited too quickly (process log may have details)");
  CHECK(m.logged("WARN exited: p (exit status 0; not expected)"));
}

TEST_CASE("STARTING -> BACKOFF on a spawn error, with Supervisor's spawnerr", "[core]") {
  SECTION("fork fails with EAGAIN") {
    Machine m({group_of(program("p"))});
    m.os().fail_next_spawn(EAGAIN);
    m.start();
    CHECK(m.process("p").state() == ProcessState::kBackoff);
    CHECK(m.process("p").spawnerr() == "Too many processes in process table to spawn 'p'");
    CHECK(m.logged("INFO spawnerr: Too many processes in process table to spawn 'p'"));
  }
  SECTION("fork fails otherwise") {
    Machine m({group_of(program("p"))});
    m.os().fail_next_spawn(ENOMEM);
    m.start();
    CHECK(m.process("p").spawnerr() == "unknown error during fork for 'p': ENOMEM");
  }
  SECTION("the command does not exist") {
    Machine m({group_of(program("p", "/nonexistent/daemon --flag"))});
    m.start();
    CHECK(m.process("p").state() == ProcessState::kBackoff);
    CHECK(m.process("p").spawnerr() == "can't find command '/nonexistent/daemon'");
    CHECK(m.os().spawns().empty());
  }
}

TEST_CASE("BACKOFF -> STARTING after 1 s, 2 s, 3 s; BACKOFF -> FATAL after startretries", "[core]") {
  ProcessConfig p = program("p");
  p.startretries = 3;
  Machine m({group_of(p)});
  m.os().end_children_at_spawn(exit_code(1));
  m.start();
  m.advance(20s);
  // A retry happens on the first pass after now > failure + backoff seconds.
  CHECK(m.spawn_times("p") == std::vector<long>{0, 1001, 3002, 6003});
  CHECK(m.process("p").state() == ProcessState::kFatal);
  CHECK(m.process("p").backoff() == 0);
  CHECK(m.logged("INFO gave up: p entered FATAL state, too many start retries too quickly"));
  CHECK(m.changes().back() == "p:BACKOFF->FATAL");
  CHECK_FALSE(m.os().alarm_armed());
}

TEST_CASE("startretries=0: the first failure gives up on the next pass", "[core]") {
  ProcessConfig p = program("p");
  p.startretries = 0;
  Machine m({group_of(p)});
  m.os().end_children_at_spawn(exit_code(1));
  m.start();
  m.advance(5s);
  CHECK(m.spawn_times("p") == std::vector<long>{0});
  CHECK(m.changes() == Strings{"p:STOPPED->STARTING", "p:STARTING->BACKOFF", "p:BACKOFF->FATAL"});
}

TEST_CASE("RUNNING -> EXITED, expected or not, and the autorestart policies", "[core]") {
  auto running = [](Machine& m) {
    m.start();
    m.advance(1001ms);
    REQUIRE(m.process("p").state() == ProcessState::kRunning);
    m.clear_changes();
  };
  SECTION("an exit code in exitcodes is expected; unexpected restarts only the others") {
    ProcessConfig p = program("p");
    p.exitcodes = {0, 2};
    Machine m({group_of(p)});
    running(m);
    m.end(m.process("p"), exit_code(2));
    CHECK(m.changes() == Strings{"p:RUNNING->EXITED"});
    CHECK(m.process("p").exitstatus() == 2);
    CHECK(m.logged("INFO exited: p (exit status 2; expected)"));
    m.advance(5s);
    CHECK(m.spawn_times("p").size() == 1);
  }
  SECTION("an unexpected exit restarts at once, with spawnerr Bad exit code until then") {
    Machine m({group_of(program("p"))});
    running(m);
    m.process("p").reset_respawn_pacing();
    m.end(m.process("p"), exit_code(3));
    CHECK(m.changes() == Strings{"p:RUNNING->EXITED!", "p:EXITED->STARTING"});
    CHECK(m.logged("WARN exited: p (exit status 3; not expected)"));
    CHECK(m.spawn_times("p") == std::vector<long>{0, 1001});
    CHECK(m.process("p").backoff() == 0);
  }
  SECTION("death by a signal is exit status -1, never expected") {
    Machine m({group_of(program("p"))});
    running(m);
    m.end(m.process("p"), killed(SIGSEGV));
    CHECK(m.changes().front() == "p:RUNNING->EXITED!");
    CHECK(m.logged("WARN exited: p (terminated by SIGSEGV; not expected)"));
    CHECK(m.spawn_times("p").size() == 2);
  }
  SECTION("autorestart=true restarts an expected exit too; false never restarts") {
    ProcessConfig always = program("p");
    always.autorestart = AutoRestart::kAlways;
    Machine m({group_of(always)});
    running(m);
    m.end(m.process("p"), exit_code(0));
    CHECK(m.changes() == Strings{"p:RUNNING->EXITED", "p:EXITED->STARTING"});

    ProcessConfig never = program("p");
    never.autorestart = AutoRestart::kNever;
    Machine n({group_of(never)});
    running(n);
    n.end(n.process("p"), exit_code(9));
    n.advance(10s);
    CHECK(n.changes() == Strings{"p:RUNNING->EXITED!"});
    CHECK(n.process("p").spawnerr() == "Bad exit code 9");
    CHECK(n.process("p").description().empty() == false);
  }
  SECTION("a run that reached RUNNING restarts forever, whatever startretries says") {
    ProcessConfig p = program("p");
    p.startretries = 0;
    Machine m({group_of(p)});
    m.start();
    for (int run = 0; run < 5; ++run) {
      m.advance(1001ms);
      REQUIRE(m.process("p").state() == ProcessState::kRunning);
      m.end(m.process("p"), exit_code(1));
    }
    CHECK(m.spawn_times("p").size() == 6);
  }
}

TEST_CASE("startsecs=0 and a crashing child: a tight RUNNING -> EXITED -> STARTING loop", "[core]") {
  ProcessConfig p = program("p");
  p.startsecs = 0;
  Machine m({group_of(p)});
  m.start();
  for (int i = 0; i < 3; ++i) {
    m.advance(1ms);
    REQUIRE(m.process("p").state() == ProcessState::kRunning);
    m.end(m.process("p"), exit_code(1));
  }
  CHECK(m.spawn_times("p").size() == 4);
  CHECK(m.logged("success: p entered RUNNING state, process has stayed up for > than 0 seconds (startsecs)"));
}

TEST_CASE("respawn pacing: the second quick death in a row waits until pacing has passed", "[core]") {
  ProcessConfig p = program("p");
  p.startsecs = 0;
  p.autorestart = AutoRestart::kAlways;
  DaemonSettings settings;
  settings.respawn_pacing = 1000ms;
  Machine m({group_of(p)}, settings);
  m.os().end_children_at_spawn(exit_code(0));
  m.start();
  m.advance(3500ms);
  CHECK(m.spawn_times("p") == std::vector<long>{0, 0, 1000, 2000, 3000});
}

TEST_CASE("STARTING, RUNNING -> STOPPING on a stop request; STOPPING -> STOPPED when reaped", "[core]") {
  SECTION("stopsignal to the pid; killed by it is WARN") {
    ProcessConfig p = program("p");
    p.stopsignal = SIGINT;
    Machine m({group_of(p)});
    m.start();
    m.advance(1001ms);
    Process& q = m.process("p");
    pid_t pid = q.pid();
    StopResult stopped = m.supervisor().stop_process(q);
    CHECK(stopped.outcome == StopResult::Outcome::kStopping);
    REQUIRE(m.os().kills().size() == 1);
    CHECK(m.os().kills()[0].target == pid);
    CHECK(m.os().kills()[0].sig == SIGINT);
    CHECK(m.logged(fmt::format("DEBG killing p (pid {}) with signal SIGINT", pid)));
    m.end(q, killed(SIGINT));
    CHECK(q.state() == ProcessState::kStopped);
    CHECK(q.exitstatus() == -1);
    CHECK(m.logged("WARN stopped: p (terminated by SIGINT)"));
    // Stopped by request: never auto-started again.
    m.advance(10s);
    CHECK(m.spawn_times("p").size() == 1);
  }
  SECTION("a STARTING process is stopped too; an exit code in exitcodes is INFO") {
    Machine m({group_of(program("p"))});
    m.start();
    Process& q = m.process("p");
    CHECK(m.supervisor().stop_process(q).outcome == StopResult::Outcome::kStopping);
    m.end(q, exit_code(0));
    CHECK(m.changes() == Strings{"p:STOPPED->STARTING", "p:STARTING->STOPPING", "p:STOPPING->STOPPED"});
    CHECK(m.logged("INFO stopped: p (exit status 0)"));
  }
  SECTION("stopasgroup signals the process group") {
    ProcessConfig p = program("p");
    p.stopasgroup = true;
    Machine m({group_of(p)});
    m.start();
    pid_t pid = m.process("p").pid();
    m.supervisor().stop_process(m.process("p"));
    CHECK(m.os().kills().at(0).target == -pid);
    CHECK(m.logged(fmt::format("killing p (pid {}) process group with signal SIGTERM", pid)));
  }
  SECTION("a child that exited on its own meanwhile: ESRCH is only logged") {
    Machine m({group_of(program("p"))});
    m.start();
    Process& q = m.process("p");
    pid_t pid = q.pid();
    m.os().end_child(pid, exit_code(0));  // gone, not yet reaped
    CHECK(m.supervisor().stop_process(q, ReapAfterStop::kOnSigchld).outcome == StopResult::Outcome::kStopping);
    CHECK(m.logged(fmt::format("unable to signal p (pid {}), it probably just exited on its own", pid)));
    m.os().settle();
    CHECK(q.state() == ProcessState::kStopped);
  }
}

TEST_CASE("STOPPING -> STOPPING: SIGKILL after stopwaitsecs, repeated while it survives", "[core]") {
  ProcessConfig p = program("p");
  p.stopwaitsecs = 2;
  p.killasgroup = true;
  Machine m({group_of(p)});
  m.start();
  m.advance(1001ms);
  Process& q = m.process("p");
  pid_t pid = q.pid();
  m.supervisor().stop_process(q);
  m.advance(1999ms);
  CHECK(m.os().kills().size() == 1);
  m.advance(1ms);
  REQUIRE(m.os().kills().size() == 2);
  CHECK(m.os().kills()[1].target == -pid);  // killasgroup
  CHECK(m.os().kills()[1].sig == SIGKILL);
  CHECK(m.logged(fmt::format("WARN killing 'p' ({}) with SIGKILL", pid)));
  CHECK(q.state() == ProcessState::kStopping);
  m.advance(2000ms);
  CHECK(m.os().kills().size() == 3);
  m.end(q, killed(SIGKILL));
  CHECK(m.logged("WARN stopped: p (terminated by SIGKILL)"));
}

TEST_CASE("-> UNKNOWN when signalling fails with anything but ESRCH", "[core]") {
  SECTION("a stop") {
    Machine m({group_of(program("p"))});
    m.start();
    m.advance(1001ms);
    Process& q = m.process("p");
    m.os().fail_kills(EPERM);
    StopResult stopped = m.supervisor().stop_process(q);
    CHECK(stopped.outcome == StopResult::Outcome::kFailed);
    CHECK(stopped.message == fmt::format("unknown problem killing p ({}):[Errno 1] Operation not permitted", q.pid()));
    CHECK(q.state() == ProcessState::kUnknown);
    CHECK(m.logged("CRIT unknown problem killing p"));
    CHECK(m.changes().back() == "p:STOPPING->UNKNOWN");
  }
  SECTION("a signal") {
    Machine m({group_of(program("p"))});
    m.start();
    m.advance(1001ms);
    m.os().fail_kills(EPERM);
    SignalResult sent = m.supervisor().signal_process(m.process("p"), SIGHUP);
    CHECK(sent.outcome == SignalResult::Outcome::kFailed);
    CHECK(m.process("p").state() == ProcessState::kUnknown);
    CHECK(m.changes().back() == "p:RUNNING->UNKNOWN");
  }
}

TEST_CASE("signalling goes to the pid only and changes no state", "[core]") {
  ProcessConfig p = program("p");
  p.stopasgroup = true;
  Machine m({group_of(p)});
  m.start();
  m.advance(1001ms);
  Process& q = m.process("p");
  CHECK(m.supervisor().signal_process(q, SIGUSR1).outcome == SignalResult::Outcome::kSent);
  CHECK(m.os().kills().at(0).target == q.pid());
  CHECK(m.os().kills().at(0).sig == SIGUSR1);
  CHECK(q.state() == ProcessState::kRunning);
  m.end(q, exit_code(0));
  CHECK(m.supervisor().signal_process(q, SIGUSR1).outcome == SignalResult::Outcome::kNotRunning);
}

TEST_CASE("BACKOFF -> STOPPED on a stop request keeps the backoff count (§3.3)", "[core]") {
  ProcessConfig p = program("p");
  p.startretries = 5;
  Machine m({group_of(p)});
  m.os().end_children_at_spawn(exit_code(1));
  m.start();
  m.advance(3100ms);  // failures at 0, 1001 and 3002: backoff 3
  Process& q = m.process("p");
  REQUIRE(q.state() == ProcessState::kBackoff);
  REQUIRE(q.backoff() == 3);
  CHECK(m.supervisor().stop_process(q).outcome == StopResult::Outcome::kStopped);
  CHECK(m.logged("DEBG Attempted to kill p, which is in BACKOFF state."));
  CHECK(q.state() == ProcessState::kStopped);
  CHECK(q.backoff() == 3);
  m.advance(10s);
  CHECK(m.spawn_times("p").size() == 3);
  // Only three more attempts, 4 s and 5 s apart, before FATAL.
  CHECK(m.supervisor().start_process(q).outcome == StartResult::Outcome::kSpawnError);
  m.advance(30s);
  std::vector<long> times = m.spawn_times("p");
  REQUIRE(times.size() == 6);
  CHECK(times[4] - times[3] == 4001);
  CHECK(times[5] - times[4] == 5001);
  CHECK(q.state() == ProcessState::kFatal);
}

TEST_CASE("start requests: refused without a state change, or STOPPED/EXITED/FATAL -> STARTING", "[core]") {
  ProcessConfig bad = program("bad", "/nonexistent/x");
  bad.autostart = false;
  ProcessConfig p = program("p");
  p.startretries = 1;
  Machine m({group_of(bad), group_of(p)});
  m.start();
  using Outcome = StartResult::Outcome;

  StartResult refused = m.supervisor().start_process(m.process("bad"));
  CHECK(refused.outcome == Outcome::kBadCommand);
  CHECK(refused.error->kind == SpawnError::Kind::kNotFound);
  CHECK(refused.error->text == "can't find command '/nonexistent/x'");
  CHECK(m.process("bad").state() == ProcessState::kStopped);

  Process& q = m.process("p");
  CHECK(m.supervisor().start_process(q).outcome == Outcome::kAlreadyStarted);  // STARTING
  m.advance(1001ms);
  CHECK(m.supervisor().start_process(q).outcome == Outcome::kAlreadyStarted);  // RUNNING
  q.reset_respawn_pacing();
  m.os().end_children_at_spawn(exit_code(1));
  m.end(q, exit_code(1));  // EXITED, restarted, fails at once: BACKOFF
  CHECK(q.state() == ProcessState::kBackoff);
  CHECK(m.supervisor().start_process(q).outcome == Outcome::kAlreadyStarted);  // BACKOFF
  m.advance(2s);
  REQUIRE(q.state() == ProcessState::kFatal);
  m.os().end_children_at_spawn(std::nullopt);
  CHECK(m.supervisor().start_process(q).outcome == Outcome::kStarted);  // FATAL -> STARTING
  CHECK(q.state() == ProcessState::kStarting);
  CHECK(q.spawnerr().empty());
}

TEST_CASE("shutdown: BACKOFF -> FATAL silently; groups stopped one at a time, highest first", "[core]") {
  ProcessConfig low = program("low");
  ProcessConfig high = program("high");
  ProcessConfig flaky = program("flaky");
  flaky.startretries = 10;
  Machine m({group_of(low, 1), group_of(high, 2), group_of(flaky, 3)});
  m.start();
  m.advance(1001ms);
  m.end(m.process("flaky"), exit_code(1));
  m.advance(1ms);
  // flaky: RUNNING -> EXITED -> STARTING; make that start fail quickly: BACKOFF.
  m.end(m.process("flaky"), exit_code(1));
  REQUIRE(m.process("flaky").state() == ProcessState::kBackoff);
  m.clear_changes();

  m.supervisor().request_shutdown();
  m.os().settle();
  CHECK(m.process("flaky").state() == ProcessState::kFatal);
  CHECK_FALSE(m.logged("gave up: flaky"));
  CHECK(m.process("high").state() == ProcessState::kStopping);
  CHECK(m.process("low").state() == ProcessState::kRunning);  // not touched until high is down
  m.end(m.process("high"), killed(SIGTERM));
  CHECK(m.process("low").state() == ProcessState::kStopping);
  CHECK_FALSE(m.finished());
  m.end(m.process("low"), killed(SIGTERM));
  CHECK(m.finished() == SupervisorState::kShutdown);
  CHECK(m.changes() == Strings{"flaky:BACKOFF->FATAL", "high:RUNNING->STOPPING", "high:STOPPING->STOPPED",
                               "low:RUNNING->STOPPING", "low:STOPPING->STOPPED"});
  // No automatic start while stopping.
  CHECK(m.spawn_times("flaky").size() == 2);
}

TEST_CASE("start order: groups by priority, members in group order, all in the first pass", "[core]") {
  ProcessConfig z = program("z");
  z.priority = 2;
  ProcessConfig w = program("w");
  w.priority = 100;
  Machine m({group_of(program("b"), 5), group_of(program("c"), 5), group_of("g", {z, w}, 7),
             group_of(program("a"), 10)});
  m.start();
  std::vector<std::string> order;
  for (const FakeOs::Spawn& s : m.os().spawns()) {
    for (const auto& [key, value] : s.environment) {
      if (key == "SUPERVISOR_PROCESS_NAME") order.push_back(value);
    }
  }
  CHECK(order == Strings{"b", "c", "z", "w", "a"});
  CHECK(m.spawn_times("a") == std::vector<long>{0});
}

TEST_CASE("an idle supervisor arms no alarm; a reaped unknown pid is only logged", "[core]") {
  Machine m({group_of(program("p"))});
  m.start();
  m.advance(1001ms);
  CHECK_FALSE(m.os().alarm_armed());
  m.os().end_child(4242, exit_code(0));
  m.os().settle();
  CHECK(m.logged("reaped unknown pid 4242 (exit status 0)"));
  CHECK(m.process("p").state() == ProcessState::kRunning);
}

TEST_CASE("info() and description() read the fake wall clock", "[core]") {
  ProcessConfig p = program("p");
  p.autorestart = AutoRestart::kNever;
  Machine m({group_of(p)});
  m.start();
  m.advance(3723s);  // 1:02:03 after the start
  Process& q = m.process("p");
  ProcessInfo info = q.info();
  CHECK(info.statename == "RUNNING");
  CHECK(info.now - info.start == 3723);
  CHECK(info.description == fmt::format("pid {}, uptime 1:02:03", q.pid()));
  m.end(q, exit_code(0));
  CHECK(q.info().stop == info.now);
  CHECK(q.info().exitstatus == 0);
}
