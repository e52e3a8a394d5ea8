// An [fcgi-program] whose socket cannot be bound (issue 15): the socket error is the spawn
// error, so the process backs off and goes FATAL like any other failing start, instead of
// being retried on every loop pass at full CPU with "Not started" as its only description.
// The socket is real (bound on loopback); the clock and the children are the fake machine's.
#include <unistd.h>

#include <catch2/catch.hpp>

#include "tests/core/machine.h"
#include "tests/support/ports.h"

using namespace sup;
using namespace sup::test;
using namespace std::chrono_literals;

namespace {

GroupConfig fcgi_group(const std::string& socket) {
  GroupConfig g = group_of(program("fcgi"));
  g.kind = GroupConfig::Kind::kFcgi;
  g.socket = socket;
  return g;
}

}  // namespace

TEST_CASE("fcgi: a socket that cannot be bound is a spawn error: BACKOFF, then FATAL", "[core]") {
  TakenPort taken;
  REQUIRE(taken.port() != 0);
  const std::string url = "tcp://127.0.0.1:" + std::to_string(taken.port());
  Machine m({fcgi_group(url)});
  // Reported once at start-up, as Supervisor does before it refuses to run.
  CHECK(m.logged("ERRO Could not create FastCGI socket " + url + ": [Errno 98] Address already in use"));
  m.start();
  Process& p = m.process("fcgi");
  CHECK(p.state() == ProcessState::kBackoff);
  CHECK(p.spawnerr() == "Could not create FastCGI socket " + url + ": [Errno 98] Address already in use");
  m.advance(20s);
  CHECK(p.state() == ProcessState::kFatal);
  CHECK(p.description() == p.spawnerr());
  CHECK(m.os().spawns().empty());
  // Four attempts (startretries 3), not one per loop pass.
  CHECK(m.changes().size() == 9);  // STARTING/BACKOFF four times, then FATAL
  CHECK_FALSE(m.os().alarm_armed());
}

TEST_CASE("fcgi: a socket that can be bound is the child's stdin and is released when it exits", "[core]") {
  const int port = free_tcp_port();
  const std::string url = "tcp://127.0.0.1:" + std::to_string(port);
  Machine m({fcgi_group(url)});
  m.start();
  Process& p = m.process("fcgi");
  REQUIRE(p.state() == ProcessState::kStarting);
  CHECK(m.logged("INFO Creating socket " + url));
  m.advance(1001ms);
  m.end(p, FakeOs::exited(0));
  CHECK(m.logged("INFO Closing socket " + url));
}
