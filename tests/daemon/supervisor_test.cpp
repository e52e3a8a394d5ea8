// The core in-process, on Config structs built in code: transitions seen by an observer,
// shutdown ordering and config diffs, without the command line or the config reader.
#include "supervisord/core/supervisor.h"

#include <catch2/catch.hpp>
#include <boost/asio/steady_timer.hpp>

#include "supervisord/child/posix_os.h"
#include "tests/core/machine.h"
#include "tests/support/temp_dir.h"

using namespace sup;
using sup::test::group_of;
using sup::test::program;

namespace {

struct Recorder final : SupervisorObserver {
  std::vector<std::string> events;
  void on_process_state(Process& p, ProcessState from, bool expected) override {
    events.push_back(p.name() + ":" + std::string(process_state_name(from)) + "->" +
                     std::string(process_state_name(p.state())) + (expected ? "" : "!"));
  }
  void on_supervisor_running(bool running) override { events.push_back(running ? "RUNNING" : "STOPPING"); }
};

struct Fixture {
  test::TempDir dir;
  boost::asio::io_context io;
  PosixOs os{io};
  MainLog log;
  Recorder recorder;
  std::unique_ptr<Supervisor> sup;
  std::optional<SupervisorState> finished;

  explicit Fixture(std::vector<GroupConfig> groups, ConfigLoader loader = {}) {
    MainLog::Options o;
    o.logfile = dir.file("main.log");
    o.level = LogLevel::kDebug;
    REQUIRE(!log.open(o));
    Config config;
    config.supervisord.childlogdir = dir.path();
    config.groups = std::move(groups);
    DaemonSettings settings;
    settings.respawn_pacing = std::chrono::milliseconds(0);
    sup = std::make_unique<Supervisor>(io, os, log, config, settings, std::move(loader));
    sup->add_observer(&recorder);
    sup->set_on_finished([this](SupervisorState mood) { finished = mood; });
    sup->create_groups();
    sup->start();
  }
  ~Fixture() {
    // Never leave a child behind, even when an assertion failed.
    for (const auto& g : sup->groups()) {
      for (const auto& p : g->processes()) {
        if (p->pid() > 0) ::kill(p->pid(), SIGKILL);
      }
    }
  }
  // Runs the loop until `done` or the deadline; SIGCHLD is polled since no signal_set exists.
  bool run_until(const std::function<bool()>& done, std::chrono::milliseconds timeout = std::chrono::seconds(10)) {
    auto deadline = std::chrono::steady_clock::now() + timeout;
    while (!done()) {
      if (std::chrono::steady_clock::now() > deadline) return false;
      io.restart();
      io.run_for(std::chrono::milliseconds(10));
      sup->reap();
    }
    return true;
  }
};

}  // namespace

TEST_CASE("core: too-quick exits go BACKOFF then FATAL; observer sees every change", "[unit]") {
  ProcessConfig p = program("q", "/bin/sh -c 'exit 3'");
  p.startretries = 1;
  Fixture f({group_of(p)});
  Process* q = f.sup->find_process("q", "q");
  REQUIRE(q);
  REQUIRE(f.run_until([&] { return q->state() == ProcessState::kFatal; }));
  CHECK(f.recorder.events == std::vector<std::string>{"RUNNING", "q:STOPPED->STARTING", "q:STARTING->BACKOFF",
                                                       "q:BACKOFF->STARTING", "q:STARTING->BACKOFF",
                                                       "q:BACKOFF->FATAL"});
  CHECK(q->spawnerr() == "Exited too quickly (process log may have details)");
  CHECK(q->info().description == "Exited too quickly (process log may have details)");
  CHECK(q->info().statename == "FATAL");
}

TEST_CASE("core: a start request, a stop request and shutdown ordering", "[unit]") {
  ProcessConfig a = program("a", "sleep 30");
  a.startsecs = 0;
  ProcessConfig b = program("b", "sleep 30");
  b.startsecs = 0;
  ProcessConfig manual = program("m", "sleep 30");
  manual.autostart = false;
  manual.startsecs = 0;
  Fixture f({group_of(a, 1), group_of(b, 2), group_of(manual, 3)});
  Process* pa = f.sup->find_process("a", "a");
  Process* pb = f.sup->find_process("b", "b");
  Process* pm = f.sup->find_process("m", "m");
  REQUIRE(f.run_until([&] { return pa->state() == ProcessState::kRunning && pb->state() == ProcessState::kRunning; }));
  CHECK(pm->state() == ProcessState::kStopped);
  CHECK(pm->info().description == "Not started");
  CHECK(pa->info().description.rfind("pid " + std::to_string(pa->pid()) + ", uptime 0:00:0", 0) == 0);

  REQUIRE(!pm->check_command());
  REQUIRE(pm->spawn() == SpawnOutcome::kSpawned);
  REQUIRE(f.run_until([&] { return pm->state() == ProcessState::kRunning; }));
  CHECK(!pm->stop());
  CHECK(pm->state() == ProcessState::kStopping);
  REQUIRE(f.run_until([&] { return pm->state() == ProcessState::kStopped; }));
  CHECK(pm->exitstatus() == -1);
  CHECK(pm->stop().value_or("") == "attempted to kill m with sig SIGTERM but it wasn't running");

  f.recorder.events.clear();
  f.sup->request_shutdown();
  REQUIRE(f.run_until([&] { return f.finished.has_value(); }));
  CHECK(*f.finished == SupervisorState::kShutdown);
  // Reverse priority: b (2) is stopped completely before a (1) is touched.
  CHECK(f.recorder.events == std::vector<std::string>{"STOPPING", "b:RUNNING->STOPPING", "b:STOPPING->STOPPED",
                                                       "a:RUNNING->STOPPING", "a:STOPPING->STOPPED"});
}

TEST_CASE("core: reread, add and remove groups", "[unit]") {
  ProcessConfig a = program("a", "sleep 30");
  a.autostart = false;
  ProcessConfig keep = program("keep", "sleep 30");
  keep.autostart = false;
  Config next;
  ProcessConfig a2 = a;
  a2.startsecs = 7;
  ProcessConfig added = program("new", "sleep 30");
  added.startsecs = 0;
  next.groups = {group_of(a2), group_of(added), group_of(keep)};
  Fixture f({group_of(a), group_of(keep), group_of(program("gone", "sleep 30"))},
            [&next]() -> std::variant<Config, std::string> { return next; });
  auto diff = f.sup->reread_config();
  REQUIRE(std::holds_alternative<ConfigDiff>(diff));
  auto& d = std::get<ConfigDiff>(diff);
  CHECK(d.added == std::vector<std::string>{"new"});
  CHECK(d.changed == std::vector<std::string>{"a"});
  CHECK(d.removed == std::vector<std::string>{"gone"});
  Process* gone = f.sup->find_process("gone", "gone");
  REQUIRE(f.run_until([&] { return gone->state() == ProcessState::kRunning; }));
  CHECK(f.sup->remove_group("gone") == Supervisor::GroupChange::kStillRunning);
  gone->stop();
  REQUIRE(f.run_until([&] { return gone->state() == ProcessState::kStopped; }));
  CHECK(f.sup->remove_group("gone") == Supervisor::GroupChange::kOk);
  CHECK(f.sup->find_group("gone") == nullptr);
  CHECK(f.sup->add_group("new") == Supervisor::GroupChange::kOk);
  CHECK(f.sup->add_group("new") == Supervisor::GroupChange::kAlreadyAdded);
  CHECK(f.sup->add_group("nope") == Supervisor::GroupChange::kBadName);
  Process* n = f.sup->find_process("new", "new");
  REQUIRE(n);
  REQUIRE(f.run_until([&] { return n->state() == ProcessState::kRunning; }));
  f.sup->request_shutdown();
  REQUIRE(f.run_until([&] { return f.finished.has_value(); }));
}
