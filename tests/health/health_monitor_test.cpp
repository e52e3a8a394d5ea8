// The health monitor's rules on the fake machine (tests/core/machine.h): exec probes are
// fake children whose exits the test decides, so counting, start_period, timeouts, the one
// probe in flight and restarts are checked in fake milliseconds, without forking.
#include <signal.h>

#include <algorithm>
#include <memory>

#include <catch2/catch.hpp>

#include "common/config_lifecycle.h"
#include "supervisord/health/health_monitor.h"
#include "tests/core/machine.h"
#include "tests/health/loopback_http.h"
#include "tests/support/ports.h"

using namespace sup;
using namespace sup::test;
using namespace std::chrono_literals;
using Strings = std::vector<std::string>;

namespace {

// The check's command: the probe's fake children are told apart from the program's by it.
constexpr const char* kProbeCommand = "/bin/sh -c probe";

HealthCheckConfig exec_check(double interval = 1, double timeout = 0.5, int retries = 3) {
  HealthCheckConfig c;
  c.kind = HealthCheckConfig::Kind::kExec;
  c.target = kProbeCommand;
  c.spec = std::string("exec:") + kProbeCommand;
  c.interval = interval;
  c.timeout = timeout;
  c.retries = retries;
  return c;
}

// A program (startsecs=1, so RUNNING at 1 s and a bit) with `check`.
ProcessConfig checked(const std::string& name, const HealthCheckConfig& check) {
  ProcessConfig p = program(name, "/bin/sh -c 'sleep 100'");
  auto lifecycle = std::make_shared<LifecycleConfig>();
  lifecycle->healthcheck = check;
  p.lifecycle = lifecycle;
  p.environment["CHECKED"] = "yes";
  return p;
}

// A Machine with a HealthMonitor, recording every health change as "name:from->to".
class Rig final : private SupervisorObserver {
 public:
  explicit Rig(std::vector<GroupConfig> groups) : machine(std::move(groups)) {
    machine.supervisor().add_observer(this);
    monitor = std::make_unique<HealthMonitor>(machine.supervisor());
  }
  ~Rig() override {
    monitor.reset();
    machine.supervisor().remove_observer(this);
  }

  // Starts the loop and waits (fake time) until every autostart program is RUNNING.
  void start_running() {
    machine.start();
    machine.advance(1001ms);
  }
  // Pids of the probes spawned so far, in order.
  std::vector<pid_t> probes() {
    std::vector<pid_t> out;
    for (const FakeOs::Spawn& s : machine.os().spawns()) {
      if (s.argv.size() == 3 && s.argv[2] == "probe") out.push_back(s.pid);
    }
    return out;
  }
  pid_t last_probe() {
    auto all = probes();
    REQUIRE_FALSE(all.empty());
    return all.back();
  }
  // The latest probe exits with `code`; the loop has handled it when this returns.
  void finish_probe(int code) {
    machine.os().end_child(last_probe(), FakeOs::exited(code));
    machine.os().settle();
  }
  Health health(const std::string& name) { return machine.process(name).health(); }

  Machine machine;
  std::unique_ptr<HealthMonitor> monitor;
  Strings changes;

 private:
  void on_process_health(Process& p, Health from) override {
    auto word = [](Health h) { return h == Health::kNone ? std::string("none") : std::string(health_name(h)); };
    changes.push_back(p.name() + ":" + word(from) + "->" + word(p.health()));
  }
};

}  // namespace

TEST_CASE("one passing probe: healthy; retries failures in a row: unhealthy; a pass: healthy again", "[health]") {
  Rig rig({group_of(checked("web", exec_check(1, 0.5, 3)))});
  rig.start_running();
  Process& web = rig.machine.process("web");
  REQUIRE(web.state() == ProcessState::kRunning);
  CHECK(rig.health("web") == Health::kStarting);
  // The first probe starts as the program enters RUNNING, with the program's environment.
  REQUIRE(rig.probes().size() == 1);
  const FakeOs::Spawn& spawn = rig.machine.os().spawns().back();
  CHECK(spawn.path == "/bin/sh");
  auto has_env = [&spawn](const std::string& key, const std::string& value) {
    for (const auto& [k, v] : spawn.environment) {
      if (k == key && v == value) return true;
    }
    return false;
  };
  CHECK(has_env("CHECKED", "yes"));
  CHECK(has_env("SUPERVISOR_PROCESS_NAME", "web"));

  rig.finish_probe(0);
  CHECK(rig.health("web") == Health::kHealthy);
  CHECK(rig.machine.logged("INFO health: web is healthy (exec:/bin/sh -c probe)"));

  for (int i = 1; i <= 3; ++i) {
    rig.machine.advance(1000ms);
    REQUIRE(rig.probes().size() == static_cast<size_t>(1 + i));
    rig.finish_probe(1);
    CHECK(rig.health("web") == (i < 3 ? Health::kHealthy : Health::kUnhealthy));
  }
  CHECK(rig.machine.logged("DEBG health: check of web failed (2 in a row): exec:/bin/sh -c probe: exit status 1"));
  CHECK(rig.machine.logged(
      "WARN health: web is unhealthy: 3 consecutive failed checks of exec:/bin/sh -c probe (last: exit status 1)\n"));
  // action=none: it keeps running, and the checks go on.
  CHECK(web.state() == ProcessState::kRunning);
  rig.machine.advance(1000ms);
  rig.finish_probe(0);
  CHECK(rig.health("web") == Health::kHealthy);
  CHECK(rig.changes ==
        Strings{"web:none->starting", "web:starting->healthy", "web:healthy->unhealthy", "web:unhealthy->healthy"});
}

TEST_CASE("a probe outliving its timeout fails and its process group is killed", "[health]") {
  Rig rig({group_of(checked("web", exec_check(1, 0.5, 1)))});
  rig.start_running();
  pid_t probe = rig.last_probe();
  rig.machine.advance(499ms);
  CHECK(rig.health("web") == Health::kStarting);
  CHECK(rig.machine.os().kills().empty());
  rig.machine.advance(1ms);
  REQUIRE(rig.machine.os().kills().size() == 1);
  CHECK(rig.machine.os().kills()[0].target == -probe);
  CHECK(rig.machine.os().kills()[0].sig == SIGKILL);
  CHECK(rig.health("web") == Health::kUnhealthy);
  CHECK(rig.machine.logged("WARN health: web is unhealthy: 1 failed check of exec:/bin/sh -c probe "
                           "(last: timed out after 0.5 s)\n"));
  // The killed probe is reaped later; that changes nothing.
  rig.machine.os().end_child(probe, FakeOs::killed_by(SIGKILL));
  rig.machine.os().settle();
  CHECK(rig.health("web") == Health::kUnhealthy);
  CHECK(rig.probes().size() == 1);
}

TEST_CASE("one probe in flight: the next starts interval after the last one started, or when it ends", "[health]") {
  Rig rig({group_of(checked("web", exec_check(1, 5, 3)))});
  rig.start_running();
  auto probe_times = [&rig] {
    std::vector<long> out;
    for (const FakeOs::Spawn& s : rig.machine.os().spawns()) {
      if (s.argv.size() == 3 && s.argv[2] == "probe")
        out.push_back(static_cast<long>(rig.machine.os().since_start(s.at).count()));
    }
    return out;
  };
  // A slow probe: nothing else starts while it runs.
  rig.machine.advance(3000ms);
  CHECK(probe_times().size() == 1);
  rig.finish_probe(0);
  rig.machine.advance(0ms);
  // It started at 1001 ms and ended at 4001 ms, past its interval: the next starts at once.
  CHECK(probe_times() == std::vector<long>{1001, 4001});
  // A quick one: the next starts an interval after it started.
  rig.machine.advance(100ms);
  rig.finish_probe(0);
  rig.machine.advance(899ms);
  CHECK(probe_times().size() == 2);
  rig.machine.advance(1ms);
  CHECK(probe_times() == std::vector<long>{1001, 4001, 5001});
}

TEST_CASE("failures in the start period do not count until a probe has passed", "[health]") {
  HealthCheckConfig check = exec_check(1, 0.5, 1);
  check.start_period = 3;
  SECTION("failing all along: unhealthy from the first failure after the start period") {
    Rig rig({group_of(checked("web", check))});
    rig.start_running();  // RUNNING at 1001 ms; the start period ends at 4001 ms
    for (int i = 0; i < 3; ++i) {
      rig.finish_probe(1);
      CHECK(rig.health("web") == Health::kStarting);
      rig.machine.advance(1000ms);
    }
    CHECK(rig.machine.logged(
        "DEBG health: check of web failed in its start period: exec:/bin/sh -c probe: exit status 1"));
    rig.finish_probe(1);  // at 4001 ms
    CHECK(rig.health("web") == Health::kUnhealthy);
  }
  SECTION("once a probe passed, failures count at once") {
    Rig rig({group_of(checked("web", check))});
    rig.start_running();
    rig.finish_probe(0);
    CHECK(rig.health("web") == Health::kHealthy);
    rig.machine.advance(1000ms);
    rig.finish_probe(1);
    CHECK(rig.health("web") == Health::kUnhealthy);
  }
}

TEST_CASE("action=restart: unhealthy stops the program, logs why at WARN, and starts it again", "[health]") {
  HealthCheckConfig check = exec_check(1, 0.5, 2);
  check.action = HealthCheckConfig::Action::kRestart;
  Rig rig({group_of(checked("web", check))});
  rig.start_running();
  Process& web = rig.machine.process("web");
  const pid_t first = web.pid();
  rig.finish_probe(1);
  CHECK(web.state() == ProcessState::kRunning);
  rig.machine.advance(1000ms);
  rig.finish_probe(1);
  CHECK(
      rig.machine.logged("WARN health: web is unhealthy: 2 consecutive failed checks of exec:/bin/sh -c probe "
                         "(last: exit status 1); restarting it"));
  REQUIRE(web.state() == ProcessState::kStopping);
  CHECK(rig.machine.os().kills().back().target == first);
  CHECK(rig.machine.os().kills().back().sig == SIGTERM);
  rig.machine.end(web, FakeOs::killed_by(SIGTERM));
  CHECK(web.state() == ProcessState::kStarting);
  CHECK(web.pid() != first);
  rig.machine.advance(1001ms);
  CHECK(web.state() == ProcessState::kRunning);
  CHECK(rig.changes ==
        Strings{"web:none->starting", "web:starting->unhealthy", "web:unhealthy->none", "web:none->starting"});
  // The new run starts counting afresh: one failure is not enough.
  REQUIRE(rig.probes().size() == 3);
  rig.finish_probe(1);
  CHECK(rig.health("web") == Health::kStarting);
}

TEST_CASE("leaving RUNNING cancels the probe in flight and ends the run", "[health]") {
  Rig rig({group_of(checked("web", exec_check(1, 5, 2)))});
  rig.start_running();
  Process& web = rig.machine.process("web");
  rig.finish_probe(1);  // one failure of two
  rig.machine.advance(1000ms);
  pid_t in_flight = rig.last_probe();
  REQUIRE(rig.machine.supervisor().stop_process(web).outcome == StopResult::Outcome::kStopping);
  // Cancelled as the program left RUNNING.
  const auto& kills = rig.machine.os().kills();
  CHECK(kills.size() == 2);  // the program's SIGTERM and the probe's SIGKILL
  CHECK(std::any_of(kills.begin(), kills.end(),
                    [in_flight](const FakeOs::Kill& k) { return k.target == -in_flight && k.sig == SIGKILL; }));
  rig.machine.end(web, FakeOs::killed_by(SIGTERM));
  CHECK(rig.monitor->watched() == 0);
  CHECK(rig.health("web") == Health::kNone);
  // A stopped checked program costs no wake-ups.
  CHECK_FALSE(rig.machine.os().alarm_armed());
  // The group can go; its removal leaves nothing behind.
  CHECK(rig.machine.supervisor().remove_group("web") == Supervisor::GroupChange::kOk);
  rig.machine.os().end_child(in_flight, FakeOs::killed_by(SIGKILL));
  rig.machine.os().settle();
  CHECK(rig.monitor->watched() == 0);
}

TEST_CASE("a check command that cannot be found fails every probe with the spawn error", "[health]") {
  HealthCheckConfig check = exec_check(1, 0.5, 1);
  check.target = "/nonexistent/check --now";
  check.spec = "exec:/nonexistent/check --now";
  Rig rig({group_of(checked("web", check))});
  rig.start_running();
  rig.machine.os().settle();
  CHECK(rig.health("web") == Health::kUnhealthy);
  CHECK(rig.machine.logged("(last: can't find command '/nonexistent/check')"));
}

TEST_CASE("programs without a health check are never probed and have no health", "[health]") {
  Rig rig({group_of(program("plain", "/bin/sh -c 'sleep 100'"))});
  rig.start_running();
  rig.machine.advance(60s);
  CHECK(rig.machine.process("plain").state() == ProcessState::kRunning);
  CHECK(rig.machine.os().spawns().size() == 1);
  CHECK(rig.monitor->watched() == 0);
  CHECK(rig.health("plain") == Health::kNone);
  CHECK(rig.changes.empty());
  CHECK_FALSE(rig.machine.os().alarm_armed());
}

TEST_CASE("an http check against a loopback server follows the status it answers", "[health]") {
  const int port = free_tcp_port();
  HealthCheckConfig check = exec_check(1, 5, 2);
  check.kind = HealthCheckConfig::Kind::kHttp;
  check.target = check.spec = "http://127.0.0.1:" + std::to_string(port) + "/healthz";
  Rig rig({group_of(checked("web", check))});
  boost::asio::io_context& io = rig.machine.supervisor().io();
  LoopbackHttp server(io, port);
  rig.start_running();
  // Each probe hangs up once it has its answer: by then its verdict is in.
  auto probe_done = [&](int n) { return run_until(io, [&server, n] { return server.hangups() == n; }); };
  REQUIRE(probe_done(1));
  CHECK(rig.health("web") == Health::kHealthy);
  server.set_status(500);
  rig.machine.advance(1000ms);
  REQUIRE(probe_done(2));
  CHECK(rig.health("web") == Health::kHealthy);
  rig.machine.advance(1000ms);
  REQUIRE(probe_done(3));
  CHECK(rig.health("web") == Health::kUnhealthy);
  CHECK(rig.machine.logged("(last: HTTP status 500)"));
  server.set_status(200);
  rig.machine.advance(1000ms);
  REQUIRE(probe_done(4));
  CHECK(rig.health("web") == Health::kHealthy);
  CHECK(rig.changes ==
        Strings{"web:none->starting", "web:starting->healthy", "web:healthy->unhealthy", "web:unhealthy->healthy"});
}
