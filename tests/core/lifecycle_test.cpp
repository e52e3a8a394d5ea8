// Our lifecycle keys (common/config_lifecycle.h) on the fake machine: backoff policies,
// fatal_retry_after, on_fatal / on_exit, depends_on ordering of starts and stops, and
// environment files read at each spawn.
#include <signal.h>

#include <algorithm>
#include <cerrno>

#include <catch2/catch.hpp>
#include <fmt/format.h>

#include "common/config_lifecycle.h"
#include "tests/core/machine.h"
#include "tests/support/files.h"
#include "tests/support/temp_dir.h"

using namespace sup;
using namespace sup::test;
using namespace std::chrono_literals;
using Strings = std::vector<std::string>;

namespace {

LifecycleConfig& lifecycle(ProcessConfig& p) {
  if (!p.lifecycle) p.lifecycle = std::make_shared<LifecycleConfig>();
  return const_cast<LifecycleConfig&>(*p.lifecycle);
}

void depends(ProcessConfig& p, const std::string& on, bool healthy = false) {
  Dependency d;
  d.name = on;
  d.condition = healthy ? Dependency::Condition::kHealthy : Dependency::Condition::kRunning;
  d.targets = {{on, on}};
  lifecycle(p).depends_on.push_back(d);
}

std::vector<long> gaps(const std::vector<long>& times) {
  std::vector<long> out;
  for (std::size_t i = 1; i < times.size(); ++i) out.push_back(times[i] - times[i - 1]);
  return out;
}

std::string env_of(const FakeOs::Spawn& s, const std::string& key) {
  for (const auto& [k, v] : s.environment) {
    if (k == key) return v;
  }
  return "<unset>";
}

}  // namespace

TEST_CASE("backoff=exponential doubles the wait, backoff_max caps it", "[core][lifecycle]") {
  ProcessConfig p = program("p");
  p.startretries = 5;
  lifecycle(p).backoff = LifecycleConfig::Backoff::kExponential;
  lifecycle(p).backoff_max = 6;
  Machine m({group_of(p)});
  m.os().end_children_at_spawn(FakeOs::exited(1));
  m.start();
  m.advance(60s);
  // 1 s, 2 s, 4 s, then 6 s twice (each wait + the 1 ms the pass is late by design).
  CHECK(gaps(m.spawn_times("p")) == std::vector<long>{1001, 2001, 4001, 6001, 6001});
  CHECK(m.process("p").state() == ProcessState::kFatal);
}

TEST_CASE("backoff_max caps Supervisor's linear backoff too", "[core][lifecycle]") {
  ProcessConfig p = program("p");
  p.startretries = 4;
  lifecycle(p).backoff_max = 2;
  Machine m({group_of(p)});
  m.os().end_children_at_spawn(FakeOs::exited(1));
  m.start();
  m.advance(60s);
  CHECK(gaps(m.spawn_times("p")) == std::vector<long>{1001, 2001, 2001, 2001});
}

TEST_CASE("backoff_jitter spreads each wait within the fraction", "[core][lifecycle]") {
  ProcessConfig p = program("p");
  p.startretries = 30;
  lifecycle(p).backoff_max = 4;
  lifecycle(p).backoff_jitter = 0.5;
  Machine m({group_of(p)});
  m.os().end_children_at_spawn(FakeOs::exited(1));
  m.start();
  m.advance(600s);
  std::vector<long> waits = gaps(m.spawn_times("p"));
  REQUIRE(waits.size() == 30);
  // From the fourth attempt on the base is 4 s: between 2 s and 6 s, and not all alike.
  std::vector<long> capped(waits.begin() + 3, waits.end());
  CHECK(*std::min_element(capped.begin(), capped.end()) >= 2000);
  CHECK(*std::max_element(capped.begin(), capped.end()) <= 6001);
  CHECK(*std::min_element(capped.begin(), capped.end()) != *std::max_element(capped.begin(), capped.end()));
}

TEST_CASE("fatal_retry_after starts a FATAL program again, forever, until a stop", "[core][lifecycle]") {
  ProcessConfig p = program("p");
  p.startretries = 0;
  lifecycle(p).fatal_retry_after = 30;
  Machine m({group_of(p)});
  m.os().end_children_at_spawn(FakeOs::exited(1));
  m.start();
  m.advance(1s);
  REQUIRE(m.process("p").state() == ProcessState::kFatal);
  CHECK(m.logged("p: trying again in 30 seconds (fatal_retry_after)"));
  m.advance(28s);
  CHECK(m.spawn_times("p").size() == 1);
  m.advance(1s);
  CHECK(m.spawn_times("p").size() == 2);
  CHECK(m.logged("retrying p after fatal_retry_after"));
  m.advance(95s);
  CHECK(m.spawn_times("p").size() == 5);
  REQUIRE(m.process("p").retry_scheduled());
  m.supervisor().stop_process(m.process("p"));
  CHECK_FALSE(m.process("p").retry_scheduled());
  m.advance(100s);
  CHECK(m.spawn_times("p").size() == 5);
}

TEST_CASE("on_fatal=shutdown stops everything and asks for exit status 1", "[core][lifecycle]") {
  ProcessConfig bad = program("bad");
  bad.startretries = 0;
  lifecycle(bad).on_fatal = LifecycleConfig::OnEvent::kShutdown;
  Machine m({group_of(bad), group_of(program("other"))});
  m.start();
  m.end(m.process("bad"), FakeOs::exited(1));  // too quick: BACKOFF, then FATAL
  m.advance(1ms);
  CHECK(m.logged("CRIT shutting down: bad entered FATAL state and has on_fatal=shutdown"));
  CHECK(m.supervisor().state() == SupervisorState::kShutdown);
  CHECK(m.process("other").state() == ProcessState::kStopping);
  m.end(m.process("other"), FakeOs::killed_by(SIGTERM));
  CHECK(m.finished() == SupervisorState::kShutdown);
  CHECK(m.supervisor().exit_status() == 1);
}

TEST_CASE("on_exit=shutdown: the program's exit status, 128+signal when killed", "[core][lifecycle]") {
  for (auto [status, expected] : {std::pair{FakeOs::exited(3), 3}, std::pair{FakeOs::killed_by(SIGKILL), 137}}) {
    ProcessConfig job = program("job");
    job.autorestart = AutoRestart::kAlways;
    lifecycle(job).on_exit = LifecycleConfig::OnEvent::kShutdown;
    Machine m({group_of(job)});
    m.start();
    m.advance(1001ms);
    m.end(m.process("job"), status);
    CHECK(m.finished() == SupervisorState::kShutdown);
    CHECK(m.supervisor().exit_status() == expected);
    CHECK(m.spawn_times("job").size() == 1);  // no autorestart while shutting down
  }
}

TEST_CASE("depends_on: a start waits until its dependency is RUNNING", "[core][lifecycle]") {
  ProcessConfig app = program("app");
  depends(app, "db");
  // app sorts first by priority: the wait, not the order, keeps it behind db.
  Machine m({group_of(app, 1), group_of(program("db"), 5)});
  m.start();
  CHECK(m.process("app").state() == ProcessState::kStopped);
  CHECK(m.process("app").description() == "waiting for db");
  CHECK(m.logged("INFO app: waiting for db"));
  CHECK(m.spawn_times("db") == std::vector<long>{0});
  m.advance(1001ms);  // db RUNNING
  CHECK(m.spawn_times("app") == std::vector<long>{1001});
  m.advance(1001ms);
  CHECK(m.process("app").state() == ProcessState::kRunning);
}

TEST_CASE("depends_on :healthy waits for the dependency's health check", "[core][lifecycle]") {
  ProcessConfig db = program("db");
  HealthCheckConfig check;
  check.kind = HealthCheckConfig::Kind::kTcp;
  check.target = "127.0.0.1:5432";
  lifecycle(db).healthcheck = check;
  ProcessConfig app = program("app");
  depends(app, "db", true);
  Machine m({group_of(db), group_of(app)});
  m.start();
  m.advance(5s);
  CHECK(m.process("db").state() == ProcessState::kRunning);
  CHECK(m.process("db").health() == Health::kStarting);
  CHECK(m.process("app").description() == "waiting for db (healthy)");
  CHECK(m.spawn_times("app").empty());
  m.process("db").set_health(Health::kHealthy);
  m.os().settle();
  CHECK(m.spawn_times("app").size() == 1);
}

TEST_CASE("depends_on starts a stopped dependency; a FATAL one leaves the dependant STOPPED", "[core][lifecycle]") {
  ProcessConfig db = program("db");
  db.autostart = false;
  db.startretries = 0;
  ProcessConfig app = program("app");
  depends(app, "db");
  Machine m({group_of(db), group_of(app)});
  m.os().end_children_at_spawn(FakeOs::exited(1));
  m.start();
  CHECK(m.spawn_times("db").size() == 1);  // started for app
  m.advance(1s);
  CHECK(m.process("db").state() == ProcessState::kFatal);
  CHECK(m.process("app").state() == ProcessState::kStopped);
  CHECK_FALSE(m.process("app").waiting_to_start());
  CHECK(m.process("app").description() == "not started: dependency db is FATAL");
  CHECK(m.logged("WARN not starting app: dependency db is FATAL"));
  CHECK(m.spawn_times("app").empty());
}

TEST_CASE("depends_on: a one-shot dependency that exits is not restarted for ever", "[core][lifecycle]") {
  ProcessConfig migrate = program("migrate");
  migrate.autostart = false;
  migrate.autorestart = AutoRestart::kNever;
  ProcessConfig app = program("app");
  depends(app, "migrate");
  Machine m({group_of(migrate), group_of(app)});
  m.start();
  // Done after startsecs but before a pass saw it RUNNING: it never was up for app.
  m.advance(1000ms);
  m.end(m.process("migrate"), FakeOs::exited(0));
  m.advance(10s);
  CHECK(m.spawn_times("migrate").size() == 1);
  CHECK(m.process("app").description() == "not started: dependency migrate is EXITED");
}

TEST_CASE("depends_on: a start request waits; stopping a dependency stops its dependants first", "[core][lifecycle]") {
  ProcessConfig db = program("db");
  ProcessConfig app = program("app");
  app.autostart = false;
  depends(app, "db");
  Machine m({group_of(db), group_of(app)});
  m.start();
  StartResult started = m.supervisor().start_process(m.process("app"));
  CHECK(started.outcome == StartResult::Outcome::kWaiting);
  m.advance(2002ms);
  REQUIRE(m.process("app").state() == ProcessState::kRunning);
  pid_t app_pid = m.process("app").pid();
  pid_t db_pid = m.process("db").pid();

  StopResult stopped = m.supervisor().stop_process(m.process("db"));
  CHECK(stopped.outcome == StopResult::Outcome::kStopping);
  REQUIRE(m.os().kills().size() == 1);
  CHECK(m.os().kills()[0].target == app_pid);  // app first
  CHECK(m.process("db").state() == ProcessState::kRunning);
  m.end(m.process("app"), FakeOs::killed_by(SIGTERM));
  REQUIRE(m.os().kills().size() == 2);
  CHECK(m.os().kills()[1].target == db_pid);
  m.end(m.process("db"), FakeOs::killed_by(SIGTERM));
  CHECK(m.process("db").state() == ProcessState::kStopped);
}

TEST_CASE("depends_on: shutdown stops dependants before what they depend on, whatever the priority",
          "[core][lifecycle]") {
  ProcessConfig db = program("db");
  ProcessConfig app = program("app");
  depends(app, "db");
  // By priority alone db (999) would be stopped before app (1).
  Machine m({group_of(app, 1), group_of(db, 999)});
  m.start();
  m.advance(2002ms);
  REQUIRE(m.process("app").state() == ProcessState::kRunning);
  m.clear_changes();
  m.supervisor().request_shutdown();
  m.os().settle();
  m.end(m.process("app"), FakeOs::killed_by(SIGTERM));
  m.end(m.process("db"), FakeOs::killed_by(SIGTERM));
  CHECK(m.changes() == Strings{"app:RUNNING->STOPPING", "app:STOPPING->STOPPED", "db:RUNNING->STOPPING",
                               "db:STOPPING->STOPPED"});
}

TEST_CASE("environment_file: read at every spawn, environment= wins, a missing required file is a spawn error",
          "[core][lifecycle]") {
  TempDir dir;
  const std::string env = dir.file("app.env");
  write_file(env, "# settings\nexport DB_URL=\"postgres://db/app\"\nMODE=file\nEXTRA='a b'\n");
  ProcessConfig p = program("p");
  p.environment["MODE"] = "config";
  p.autorestart = AutoRestart::kAlways;
  lifecycle(p).environment_files = {{env, false}, {dir.file("local.env"), true}};
  Machine m({group_of(p)});
  m.start();
  REQUIRE(m.os().spawns().size() == 1);
  CHECK(env_of(m.os().spawns()[0], "DB_URL") == "postgres://db/app");
  CHECK(env_of(m.os().spawns()[0], "EXTRA") == "a b");
  CHECK(env_of(m.os().spawns()[0], "MODE") == "config");

  write_file(env, "DB_URL=postgres://other/app\n");
  m.advance(1001ms);
  m.end(m.process("p"), FakeOs::exited(0));
  REQUIRE(m.os().spawns().size() == 2);
  CHECK(env_of(m.os().spawns()[1], "DB_URL") == "postgres://other/app");
  CHECK(env_of(m.os().spawns()[1], "EXTRA") == "<unset>");

  ::unlink(env.c_str());
  m.advance(1001ms);
  m.end(m.process("p"), FakeOs::exited(0));
  CHECK(m.process("p").state() == ProcessState::kBackoff);
  CHECK(m.process("p").spawnerr() ==
        fmt::format("can't read environment file '{}': [Errno 2] No such file or directory", env));
  CHECK(m.os().spawns().size() == 2);

  write_file(env, "not a pair\n");
  m.advance(1001ms);
  CHECK(m.process("p").spawnerr() == fmt::format("environment file '{}' line 1: expected KEY=value", env));
}
