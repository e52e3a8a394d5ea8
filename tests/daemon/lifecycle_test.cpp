// End-to-end: the process state machine as seen in the main log and by the children.
#include <signal.h>
#include <unistd.h>

#include <algorithm>
#include <set>

#include <catch2/catch.hpp>
#include <fmt/format.h>

#include "tests/support/child_process.h"
#include "tests/support/daemon_process.h"
#include "tests/support/files.h"
#include "tests/support/main_log.h"
#include "tests/support/poll.h"
#include "tests/support/ports.h"
#include "tests/support/scratch_config.h"
#include "tests/support/text.h"

using namespace sup::test;

namespace {

std::string program(const std::string& name, const std::string& body) {
  return fmt::format("[program:{}]\n{}\n", name, body);
}

}  // namespace

TEST_CASE("a program reaches RUNNING and is stopped with a WARN line on shutdown", "[lifecycle]") {
  TempDir dir;
  DaemonProcess d(dir, supervisord_section(dir) + program("sl", "command=sleep 30\nstartsecs=1"));
  REQUIRE(d.wait_for("INFO success: sl entered RUNNING state, process has stayed up for > than 1 seconds (startsecs)"));
  REQUIRE(d.stop() == 0);
  auto msgs = d.messages();
  std::vector<std::string> want = {
      "WARN received SIGTERM indicating exit request",
      "DEBG killing sl (pid ",
      "INFO waiting for sl to die",
      "WARN stopped: sl (terminated by SIGTERM)",
  };
  size_t at = 0;
  for (const auto& m : msgs) {
    if (at < want.size() && m.rfind(want[at], 0) == 0) ++at;
  }
  CHECK(at == want.size());
  CHECK(lines_with(d.log_lines(), "INFO spawned: 'sl' with pid ").size() == 1);
  CHECK(!file_exists(dir.file("sd.pid")));
  // -n without -s copies the main log to stdout.
  CHECK(read_file(dir.file("daemon.out")).find("INFO spawned: 'sl' with pid ") != std::string::npos);
}

TEST_CASE("too-quick exits back off 1 s, 2 s, ... then give up", "[lifecycle]") {
  TempDir dir;
  DaemonProcess d(dir, supervisord_section(dir) + program("q", "command=/bin/sh -c 'exit 0'\nstartretries=2"));
  REQUIRE(d.wait_for("gave up: q entered FATAL state, too many start retries too quickly", 15s));
  auto lines = d.log_lines();
  auto spawns = lines_with(lines, "INFO spawned: 'q' with pid");
  REQUIRE(spawns.size() == 3);
  CHECK(lines_with(lines, "WARN exited: q (exit status 0; not expected)").size() == 3);
  // Timers never fire early, so the backoff shows as lower bounds whatever the machine's load.
  CHECK(log_time(spawns[1]) - log_time(spawns[0]) > 0.95);
  CHECK(log_time(spawns[2]) - log_time(spawns[1]) > 1.95);
  CHECK(d.stop() == 0);
}

TEST_CASE("spawn errors are logged and lead to FATAL", "[lifecycle]") {
  TempDir dir;
  write_file(dir.file("noexec.sh"), "#!/bin/sh\n");
  DaemonProcess d(dir, supervisord_section(dir) + program("nf", "command=/nonexistent/cmd\nstartretries=1") +
                           program("nx", fmt::format("command={}\nstartretries=0", dir.file("noexec.sh"))) +
                           program("dir", fmt::format("command={}\nstartretries=0", dir.path())));
  REQUIRE(d.wait_for("gave up: nf entered FATAL state", 10s));
  REQUIRE(d.wait_for("gave up: nx entered FATAL state", 10s));
  REQUIRE(d.wait_for("gave up: dir entered FATAL state", 10s));
  CHECK(d.count("INFO spawnerr: can't find command '/nonexistent/cmd'") == 2);
  CHECK(d.count(fmt::format("INFO spawnerr: command at '{}' is not executable", dir.file("noexec.sh"))) == 1);
  CHECK(d.count(fmt::format("INFO spawnerr: command at '{}' is a directory", dir.path())) == 1);
  CHECK(d.count("spawned:") == 0);
  CHECK(d.stop() == 0);
}

TEST_CASE("autorestart policies and exitcodes", "[lifecycle]") {
  TempDir dir;
  std::string conf = supervisord_section(dir) +
                     program("exp", "command=/bin/sh -c 'sleep 0.2; exit 2'\nstartsecs=0\nexitcodes=2") +
                     program("unexp", "command=/bin/sh -c 'sleep 0.2; exit 3'\nstartsecs=0\nexitcodes=0") +
                     program("never", "command=/bin/sh -c 'sleep 0.2; exit 3'\nstartsecs=0\nautorestart=false") +
                     program("always", "command=/bin/sh -c 'sleep 0.2; exit 0'\nstartsecs=0\nautorestart=true");
  DaemonProcess d(dir, conf);
  REQUIRE(d.wait_for("spawned: 'unexp'", 10s, 3));
  REQUIRE(d.wait_for("spawned: 'always'", 10s, 3));
  CHECK(d.count("INFO exited: exp (exit status 2; expected)") == 1);
  CHECK(d.count("spawned: 'exp'") == 1);
  CHECK(d.count("WARN exited: never (exit status 3; not expected)") == 1);
  CHECK(d.count("spawned: 'never'") == 1);
  CHECK(d.count("WARN exited: unexp (exit status 3; not expected)") >= 2);
  CHECK(d.count("INFO exited: always (exit status 0; expected)") >= 2);
  CHECK(d.count("INFO success: always entered RUNNING state, process has stayed up for > than 0 seconds") >= 2);
  // Crash-loop pacing: from the second quick death on, respawns are about 1 s apart.
  auto spawns = lines_with(d.log_lines(), "spawned: 'always'");
  REQUIRE(spawns.size() >= 3);
  CHECK(log_time(spawns[2]) - log_time(spawns[1]) > 0.9);
  CHECK(d.stop() == 0);
}

TEST_CASE("the first respawn after a quick death is immediate, later ones are paced", "[lifecycle]") {
  const std::string dies = program("dies", "command=/bin/sh -c 'exit 0'\nstartsecs=0\nautorestart=true");
  {
    // Paced by an hour: a second spawn can only be the unpaced first respawn, and the third
    // waits for the hour.
    TempDir dir;
    DaemonProcess d(dir, supervisord_section(dir, "debug", "respawn_pacing=3600000\n") + dies);
    REQUIRE(d.wait_for("exited: dies (exit status 0; expected)", 10s, 2));
    CHECK(d.count("spawned: 'dies'") == 2);
    CHECK(d.stop() == 0);
  }
  TempDir dir;
  DaemonProcess d(dir, supervisord_section(dir) + dies);
  REQUIRE(d.wait_for("spawned: 'dies'", 10s, 4));
  CHECK(d.stop() == 0);
  auto spawns = lines_with(d.log_lines(), "spawned: 'dies'");
  REQUIRE(spawns.size() >= 4);
  for (size_t i = 2; i < spawns.size(); ++i) CHECK(log_time(spawns[i]) - log_time(spawns[i - 1]) > 0.9);
}

TEST_CASE("stopsignal, then SIGKILL after stopwaitsecs", "[lifecycle]") {
  TempDir dir;
  std::string conf = supervisord_section(dir) +
                     program("usr1", "command=/bin/sh -c 'trap \"echo got USR1; exit 0\" USR1; while :; do sleep 0.05; done'\n"
                                     "stopsignal=USR1\nstdout_logfile=" + dir.file("usr1.log")) +
                     program("stubborn", "command=/bin/sh -c 'trap \"\" TERM; while :; do sleep 0.05; done'\nstopwaitsecs=1");
  DaemonProcess d(dir, conf);
  REQUIRE(d.wait_for("success: usr1 entered RUNNING"));
  REQUIRE(d.wait_for("success: stubborn entered RUNNING"));
  REQUIRE(d.stop() == 0);
  CHECK(d.count("DEBG killing usr1 (pid ") == 1);
  CHECK(d.count(") with signal SIGUSR1") == 1);
  CHECK(d.count("INFO stopped: usr1 (exit status 0)") == 1);
  CHECK(read_file(dir.file("usr1.log")).find("got USR1") != std::string::npos);
  auto lines = d.log_lines();
  auto term = lines_with(lines, "DEBG killing stubborn (pid ");
  auto kill = lines_with(lines, "WARN killing 'stubborn' (");
  REQUIRE(term.size() == 2);
  REQUIRE(kill.size() == 1);
  CHECK(kill[0].find(") with SIGKILL") != std::string::npos);
  CHECK(log_time(kill[0]) - log_time(term[0]) > 0.95);
  CHECK(d.count("WARN stopped: stubborn (terminated by SIGKILL)") == 1);
}

TEST_CASE("stopasgroup kills grandchildren, a plain stop leaves them", "[lifecycle]") {
  TempDir dir;
  std::string conf =
      supervisord_section(dir) +
      program("grp", fmt::format("command=/bin/sh -c 'sleep 1000 & echo $! > {}; wait'\nstopasgroup=true",
                                 dir.file("grp.pid"))) +
      program("plain", fmt::format("command=/bin/sh -c 'sleep 1000 & echo $! > {}; wait'", dir.file("plain.pid")));
  // The unsignalled grandchild outlives the daemon by design; the DaemonProcess kills it at
  // the end, with anything else left in a supervised child's process group.
  DaemonProcess d(dir, conf);
  REQUIRE(d.wait_for("success: grp entered RUNNING"));
  REQUIRE(d.wait_for("success: plain entered RUNNING"));
  REQUIRE(wait_until([&] { return !read_file(dir.file("grp.pid")).empty() && !read_file(dir.file("plain.pid")).empty(); }));
  const pid_t grp_child = std::stoi(read_file(dir.file("grp.pid")));
  const pid_t plain_child = std::stoi(read_file(dir.file("plain.pid")));
  REQUIRE(pid_alive(grp_child));
  REQUIRE(pid_alive(plain_child));
  REQUIRE(d.stop() == 0);
  CHECK(d.count("killing grp (pid ") == 1);
  CHECK(d.count(") process group with signal SIGTERM") == 1);
  CHECK(wait_until([&] { return !pid_alive(grp_child); }, 5s));
  CHECK(pid_alive(plain_child));
}

TEST_CASE("priority orders start-up and reverse shutdown; numprocs names", "[lifecycle]") {
  TempDir dir;
  std::string conf = supervisord_section(dir) + program("a", "command=sleep 100\npriority=10\nstartsecs=0") +
                     program("b", "command=sleep 100\npriority=5\nstartsecs=0") +
                     program("c", "command=sleep 100\npriority=5\nstartsecs=0") +
                     program("n", "command=sleep 100\npriority=6\nnumprocs=3\nnumprocs_start=8\n"
                                  "process_name=%(program_name)s_%(process_num)d\nstartsecs=0");
  DaemonProcess d(dir, conf);
  REQUIRE(d.wait_for("success:", 10s, 6));
  REQUIRE(d.stop() == 0);
  std::vector<std::string> spawned, stopped;
  for (const auto& m : d.messages()) {
    if (m.rfind("INFO spawned: '", 0) == 0) spawned.push_back(m.substr(15, m.find('\'', 15) - 15));
    if (m.rfind("WARN stopped: ", 0) == 0) stopped.push_back(m.substr(14, m.find(' ', 14) - 14));
  }
  CHECK(spawned == std::vector<std::string>{"b", "c", "n_10", "n_8", "n_9", "a"});
  REQUIRE(stopped.size() == 6);
  CHECK(stopped[0] == "a");
  CHECK(std::vector<std::string>(stopped.begin() + 1, stopped.begin() + 4).size() == 3);
  CHECK(std::set<std::string>(stopped.begin() + 1, stopped.begin() + 4) == std::set<std::string>{"n_10", "n_8", "n_9"});
  CHECK(std::set<std::string>(stopped.begin() + 4, stopped.end()) == std::set<std::string>{"b", "c"});
}

TEST_CASE("the child sees Supervisor's environment, directory, umask and only fds 0-2", "[lifecycle]") {
  TempDir dir;
  std::string conf =
      supervisord_section(dir, "debug", "environment=GLOBAL=g,OVER=global\n") +
      program("env", fmt::format("command=/bin/sh -c 'env; echo cwd=$(pwd) umask=$(umask); exec ls /proc/self/fd'\n"
                                 "directory={}\numask=027\nenvironment=OVER=prog,LOCAL=l\nstartsecs=0\n"
                                 "autorestart=false\nstdout_logfile={}",
                                 dir.path(), dir.file("env.log")));
  DaemonProcess d(dir, conf);
  REQUIRE(d.wait_for("exited: env (exit status 0; expected)"));
  std::string out = read_file(dir.file("env.log"));
  auto lines = split_lines(out);
  auto has = [&](const std::string& l) { return std::find(lines.begin(), lines.end(), l) != lines.end(); };
  CHECK(has("SUPERVISOR_ENABLED=1"));
  CHECK(has("SUPERVISOR_PROCESS_NAME=env"));
  CHECK(has("SUPERVISOR_GROUP_NAME=env"));
  CHECK(has("GLOBAL=g"));
  CHECK(has("OVER=prog"));
  CHECK(has("LOCAL=l"));
  CHECK(has(fmt::format("cwd={} umask=0027", dir.path())));
  // ls opens the directory itself as fd 3; nothing else may be inherited.
  std::vector<std::string> fds(lines.end() - 4, lines.end());
  CHECK(fds == std::vector<std::string>{"0", "1", "2", "3"});
}

TEST_CASE("user= runs the child with that user's uid, gid and groups", "[lifecycle]") {
  if (::getuid() != 0) {
    WARN("needs root: only root can switch users");
    return;
  }
  TempDir dir;
  std::string conf = supervisord_section(dir) +
                     program("who", fmt::format("command=/bin/sh -c 'echo $(id -u) $(id -g) $(id -G)'\nuser=nobody\n"
                                                "startsecs=0\nautorestart=false\nstdout_logfile={}",
                                                dir.file("who.log")));
  DaemonProcess d(dir, conf);
  REQUIRE(d.wait_for("exited: who (exit status 0; expected)"));
  CHECK(read_file(dir.file("who.log")) == "65534 65534 65534\n");
  CHECK(d.stop() == 0);
}

TEST_CASE("fcgi-program: one shared socket as every child's stdin, closed with the last one", "[lifecycle]") {
  const int port = free_tcp_port();
  TempDir dir;
  std::string url = fmt::format("tcp://127.0.0.1:{}", port);
  std::string conf = supervisord_section(dir) +
                     fmt::format("[fcgi-program:f]\nsocket={}\nnumprocs=2\nprocess_name=%(program_name)s_%(process_num)s\n"
                                 "command=python3 -c \"import socket,time; s=socket.socket(fileno=0); "
                                 "print(s.getsockname()[1], flush=True); time.sleep(100)\"\n"
                                 "stdout_logfile={}/%(program_name)s_%(process_num)s.log\nstartsecs=0\n",
                                 url, dir.path());
  DaemonProcess d(dir, conf);
  REQUIRE(d.wait_for("success: f_1 entered RUNNING"));
  REQUIRE(d.wait_for("success: f_0 entered RUNNING"));
  CHECK(wait_until([&] { return read_file(dir.file("f_0.log")) == fmt::format("{}\n", port); }));
  CHECK(wait_until([&] { return read_file(dir.file("f_1.log")) == fmt::format("{}\n", port); }));
  REQUIRE(d.stop() == 0);
  auto msgs = d.messages();
  // Opened once to check it at start-up, then held from the first spawn to the last reap.
  CHECK(std::count(msgs.begin(), msgs.end(), "INFO Creating socket " + url) == 2);
  CHECK(std::count(msgs.begin(), msgs.end(), "INFO Closing socket " + url) == 2);
  auto last_close = std::find(msgs.rbegin(), msgs.rend(), "INFO Closing socket " + url);
  auto last_stop = std::find_if(msgs.rbegin(), msgs.rend(), [](const std::string& m) { return m.find("stopped: f_") != std::string::npos; });
  CHECK(last_close < last_stop);  // reverse iterators: the close comes after the last stop
}
