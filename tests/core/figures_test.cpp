// What the core counts for the figures of issue 16 (restarts, last exit), and that our log
// options arm no timer for a quiet program.
#include <signal.h>

#include <catch2/catch.hpp>

#include "tests/core/machine.h"

using namespace sup;
using namespace sup::test;
using namespace std::chrono_literals;

TEST_CASE("restarts count every spawn after the first; the last exit survives a respawn", "[core]") {
  ProcessConfig p = program("p");
  p.autorestart = AutoRestart::kAlways;
  p.startsecs = 0;
  Machine m({group_of(p)});
  m.start();
  Process& proc = m.process("p");
  CHECK(proc.spawn_count() == 1);
  CHECK_FALSE(proc.last_wait_status());
  m.advance(5s);
  m.end(proc, FakeOs::exited(3));
  m.advance(10ms);
  CHECK(proc.spawn_count() == 2);
  REQUIRE(proc.last_wait_status());
  CHECK(*proc.last_wait_status() == FakeOs::exited(3));
  // Epoch seconds of the fake wall clock when it exited.
  CHECK(proc.last_exit_time() == m.os().wall_seconds());
  // A stop and a start by request count as well.
  REQUIRE(m.supervisor().stop_process(proc).outcome != StopResult::Outcome::kFailed);
  m.end(proc, FakeOs::killed_by(SIGTERM));
  m.advance(10ms);
  CHECK(*proc.last_wait_status() == FakeOs::killed_by(SIGTERM));
  CHECK(m.supervisor().start_process(proc).outcome == StartResult::Outcome::kStarted);
  CHECK(proc.spawn_count() == 3);
}

TEST_CASE("a failed spawn is not a restart", "[core]") {
  ProcessConfig p = program("p");
  p.startretries = 1;
  Machine m({group_of(p)});
  m.os().fail_next_spawn(EAGAIN);
  m.start();
  CHECK(m.process("p").spawn_count() == 0);
  m.advance(2s);
  CHECK(m.process("p").spawn_count() == 1);
}

TEST_CASE("stamps and time rotation arm no timer while a program writes nothing", "[core]") {
  TempDir dir;
  ProcessConfig p = program("quiet");
  p.stdout_channel.target = ChannelConfig::Target::kPath;
  p.stdout_channel.path = dir.file("quiet.log");
  p.stdout_channel.stamp = StampStyle::kIso8601;
  p.stdout_channel.rotate_every = RotateEvery::kHourly;
  p.stdout_channel.prefix = true;
  Machine m({group_of(p)});
  m.start();
  m.advance(2s);
  REQUIRE(m.process("quiet").state() == ProcessState::kRunning);
  CHECK_FALSE(m.os().alarm_armed());
}
