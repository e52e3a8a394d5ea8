// End-to-end: the supervisord process itself (reload, pidfile, daemonizing, reaping).
#include <signal.h>
#include <unistd.h>

#include <variant>

#include <catch2/catch.hpp>
#include <fmt/format.h>

#include "tests/support/child_process.h"
#include "tests/support/daemon_process.h"
#include "tests/support/files.h"
#include "tests/support/poll.h"
#include "tests/support/rpc_client.h"
#include "tests/support/scratch_config.h"

using namespace sup::test;

namespace {

// Zombie children of `parent` right now.
int zombies_of(pid_t parent) {
  int n = 0;
  for (const std::string& entry : list_dir("/proc")) {
    if (entry.find_first_not_of("0123456789") != std::string::npos) continue;
    std::string stat = read_file("/proc/" + entry + "/stat");
    size_t paren = stat.rfind(')');
    if (paren == std::string::npos || paren + 4 >= stat.size()) continue;
    char state = stat[paren + 2];
    pid_t ppid = std::atoi(stat.c_str() + paren + 4);
    if (state == 'Z' && ppid == parent) ++n;
  }
  return n;
}

// One member of a system.multicall: supervisor.<method>(name, false).
xmlrpc::Value multicall_member(const std::string& method, const std::string& name) {
  return xmlrpc::Struct{{"methodName", "supervisor." + method}, {"params", xmlrpc::Array{name, false}}};
}

}  // namespace

TEST_CASE("SIGHUP reloads the configuration; a broken one keeps the daemon running", "[daemon]") {
  TempDir dir;
  std::string base = supervisord_section(dir) + "[program:a]\ncommand=sleep 100\n";
  DaemonProcess d(dir, base);
  REQUIRE(d.wait_for("success: a entered RUNNING"));
  CHECK(read_file(dir.file("sd.pid")) == fmt::format("{}\n", d.pid()));

  write_file(d.config_path(), base + "[program:b]\ncommand=sleep 100\n");
  d.signal(SIGHUP);
  REQUIRE(d.wait_for("success: b entered RUNNING"));
  CHECK(d.count("WARN received SIGHUP indicating restart request") == 1);
  CHECK(d.count("WARN stopped: a (terminated by SIGTERM)") == 1);
  CHECK(d.count(fmt::format("INFO supervisord started with pid {}", d.pid())) == 2);
  CHECK(d.wait_for("success: a entered RUNNING", 5s, 2));

  write_file(d.config_path(), base + "[program:broken]\n");
  d.signal(SIGHUP);
  REQUIRE(d.wait_for("received SIGHUP indicating restart request", 5s, 2));
  REQUIRE(d.wait_for("CRIT could not reload the configuration, keeping the current one: "));
  // Nothing was stopped and the daemon still answers signals.
  CHECK(d.count("stopped: b") == 0);
  CHECK(d.count("stopped: a") == 1);
  CHECK(pid_alive(d.pid()));
  CHECK(d.stop() == 0);
  CHECK(d.count("WARN stopped: b (terminated by SIGTERM)") == 1);
}

TEST_CASE("no zombie after 1000 fast restarts", "[daemon]") {
  TempDir dir;
  std::string script = fmt::format(
      "n=$(cat {0} 2>/dev/null || echo 0); n=$((n+1)); echo $n > {0}; [ $n -ge 1000 ] && exec sleep 100; exit 0",
      dir.file("count"));
  std::string conf = supervisord_section(dir, "info", "respawn_pacing=1\n") +
                     fmt::format("[program:fast]\ncommand=/bin/sh -c \"{}\"\nstartsecs=0\nautorestart=true\n"
                                 "stdout_logfile=NONE\nstderr_logfile=NONE\n",
                                 script);
  DaemonProcess d(dir, conf);
  REQUIRE(d.wait_for("spawned: 'fast'", 90s, 1000));
  REQUIRE(wait_until([&] { return read_file(dir.file("count")) == "1000\n"; }, 10s));
  CHECK(wait_until([&] { return zombies_of(d.pid()) == 0; }, 2s));
  // Still none a moment later: nothing accumulates.
  CHECK(zombies_of(d.pid()) == 0);
  CHECK(d.count("spawned: 'fast'") == 1000);
  CHECK(d.count("INFO exited: fast (exit status 0; expected)") == 999);
  CHECK(d.stop() == 0);
}

TEST_CASE("without -n the daemon forks, detaches and writes its pidfile", "[daemon]") {
  TempDir dir;
  std::string conf = fmt::format(
      "[supervisord]\nlogfile={0}/sd.log\npidfile={0}/sd.pid\nchildlogdir={0}\nnodaemon=false\n"
      "directory={0}\numask=077\n\n[program:p]\ncommand=sleep 100\n",
      dir.path());
  write_file(dir.file("d.conf"), conf);
  // However the test ends: the daemonized supervisord (no child of ours) and what it spawned.
  pid_t daemon = 0;
  struct Cleanup {
    const TempDir& dir;
    const pid_t& daemon;
    ~Cleanup() {
      if (pid_alive(daemon)) {
        ::kill(daemon, SIGKILL);
        wait_until([&] { return !pid_alive(daemon); }, 5s);
      }
      kill_supervised_leftovers(dir.path(), "sd.log");
    }
  } cleanup{dir, daemon};
  // The launcher stays in our process group: its group must not be cleared when it exits,
  // which may be before the daemon it forked has called setsid().
  ChildSpec launch;
  launch.argv = {our_supervisord(), "-c", dir.file("d.conf")};
  launch.own_group = false;
  ChildProcess launcher(launch);
  CHECK(launcher.wait_exit(30s) == 0);
  REQUIRE(wait_until([&] { return !read_file(dir.file("sd.pid")).empty(); }));
  daemon = std::stoi(read_file(dir.file("sd.pid")));
  CHECK(daemon != launcher.pid());
  bool ok = wait_until([&] { return read_file(dir.file("sd.log")).find("success: p entered RUNNING") != std::string::npos; });
  std::string log = read_file(dir.file("sd.log"));
  CHECK(log.find("INFO daemonizing the supervisord process") != std::string::npos);
  CHECK(log.find(fmt::format("INFO set current directory: '{}'", dir.path())) != std::string::npos);
  CHECK(log.find(fmt::format("INFO supervisord started with pid {}", daemon)) != std::string::npos);
  ::kill(daemon, SIGTERM);
  bool gone = wait_until([&] { return !pid_alive(daemon); }, 15s);
  CHECK(ok);
  CHECK(gone);
  CHECK(!file_exists(dir.file("sd.pid")));
}

TEST_CASE("configuration errors exit 2 before anything starts", "[daemon]") {
  TempDir dir;
  DaemonProcess d(dir, supervisord_section(dir) + "[program:x]\n");
  auto status = d.wait_exit(10s);
  REQUIRE(status);
  CHECK(*status == 2);
  CHECK(d.output().rfind("Error: ", 0) == 0);
  CHECK(!file_exists(dir.file("sd.log")));
}

TEST_CASE("an idle daemon does not wake up", "[daemon]") {
  TempDir dir;
  DaemonProcess d(dir, supervisord_section(dir, "info") + "[program:idle]\ncommand=sleep 100\nstartsecs=0\n");
  REQUIRE(d.wait_for("success: idle entered RUNNING"));
  auto switches = [&] {
    std::string status = read_file(fmt::format("/proc/{}/status", d.pid()));
    size_t at = status.find("voluntary_ctxt_switches:");
    return at == std::string::npos ? -1L : std::atol(status.c_str() + at + 24);
  };
  // Settled once two looks 200 ms apart see the same count (start-up work is done).
  long last = -1;
  REQUIRE(wait_until(
      [&] {
        const long now = switches();
        const bool same = now == last;
        last = now;
        return same;
      },
      10s, 200ms));
  const long before = switches();
  CHECK(before >= 0);
  // Not one wake-up in 1.5 s: the watch ends early only if the count moves.
  wait_until([&] { return switches() != before; }, 1500ms, 50ms);
  CHECK(switches() == before);
  CHECK(d.stop() == 0);
}

TEST_CASE("an impossible minfds exits 2 with Supervisor's message", "[daemon]") {
  auto run = [](const std::string& binary) {
    TempDir dir;
    DaemonProcess d(dir, fmt::format("[supervisord]\nlogfile={0}/sd.log\npidfile={0}/sd.pid\nminfds=999999999\n", dir.path()),
                    binary);
    auto status = d.wait_exit(10s);
    std::string out = d.output();
    size_t at = out.find(binary);
    if (at != std::string::npos) out.replace(at, binary.size(), "supervisord");
    return std::make_pair(status.value_or(-1), out);
  };
  auto ours = run(our_supervisord());
  CHECK(ours.first == 2);
  CHECK(ours.second.rfind("Error: The minimum number of file descriptors required to run this process is 999999999", 0) == 0);
  if (reference_installed()) CHECK(ours == run(kReferenceSupervisord));
}

TEST_CASE("a signal to a child between fork and exec is not taken as the daemon's own", "[daemon]") {
  // startProcess and stopProcess in one multicall: the SIGTERM reaches the child microseconds
  // after fork(), while it may still carry the daemon's signal handlers.
  TempDir dir;
  std::string sock = dir.file("s.sock");
  DaemonProcess d(dir, supervisord_section(dir, "info") + rpc_sections(sock) +
                           "[program:young]\ncommand=sleep 100\nautostart=false\nstartsecs=0\n"
                           "stdout_logfile=NONE\nstderr_logfile=NONE\n");
  REQUIRE(d.wait_ready(sock));
  xmlrpc::Client client(unix_url(sock));
  const xmlrpc::Array calls{
      xmlrpc::Array{multicall_member("startProcess", "young"), multicall_member("stopProcess", "young")}};
  constexpr int kRounds = 300;
  int round = 0;
  for (; round < kRounds; ++round) {
    if (!std::holds_alternative<xmlrpc::Value>(client.call("system.multicall", calls))) break;
    // Stopped (by SIGTERM, before or after exec) before the next start.
    if (!d.wait_for("stopped: young", 10s, round + 1)) break;
  }
  CHECK(round == kRounds);
  CHECK(d.count("received SIGTERM indicating exit request") == 0);
  CHECK(pid_alive(d.pid()));
  CHECK(d.stop() == 0);
}
