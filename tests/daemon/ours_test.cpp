// End-to-end, real processes: our lifecycle keys (depends_on, backoff, on_exit,
// environment_file, rlimit_*) and the faults a daemon must survive (a reload whose new port
// is taken, an [fcgi-program] whose socket cannot be bound).
#include <signal.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <fmt/format.h>

#include "tests/support/daemon_process.h"
#include "tests/support/files.h"
#include "tests/support/main_log.h"
#include "tests/support/poll.h"
#include "tests/support/ports.h"
#include "tests/support/rpc_client.h"
#include "tests/support/scratch_config.h"
#include "tests/support/text.h"
#include "xmlrpc/client.h"

using namespace sup::test;

namespace {

std::string program(const std::string& name, const std::string& body) {
  return fmt::format("[program:{}]\n{}\n", name, body);
}

struct Rpc {
  explicit Rpc(const std::string& sock) : client(unix_url(sock)) {}
  xmlrpc::Value info(const std::string& name) {
    return must_value(client.call("supervisor.getProcessInfo", {xmlrpc::Value(name)}));
  }
  std::string state(const std::string& name) { return info(name).find("statename")->as_string(); }
  xmlrpc::Client client;
};

}  // namespace

TEST_CASE("depends_on: app starts after db is RUNNING; stopping db stops app first", "[ours]") {
  TempDir dir;
  const std::string sock = dir.file("sv.sock");
  DaemonProcess d(dir, supervisord_section(dir) + rpc_sections(sock) +
                           program("app", "command=sleep 60\nstartsecs=1\npriority=1\ndepends_on=db") +
                           program("db", "command=sleep 60\nstartsecs=2\npriority=900"));
  REQUIRE(d.wait_ready(sock));
  REQUIRE(d.wait_for("success: app entered RUNNING state", 15s));
  auto lines = d.log_lines();
  auto db_running = lines_with(lines, "success: db entered RUNNING state");
  auto app_spawned = lines_with(lines, "spawned: 'app'");
  REQUIRE(db_running.size() == 1);
  REQUIRE(app_spawned.size() == 1);
  CHECK(log_time(app_spawned[0]) >= log_time(db_running[0]));
  CHECK(d.count("INFO app: waiting for db") == 1);
  Rpc rpc(sock);
  CHECK(rpc.info("app").find("start")->as_int() >= rpc.info("db").find("start")->as_int() + 2);

  CHECK(must_value(rpc.client.call("supervisor.stopProcess", {xmlrpc::Value("db")})).as_bool());
  lines = d.log_lines();
  auto app_stopped = lines_with(lines, "stopped: app");
  auto db_stopped = lines_with(lines, "stopped: db");
  REQUIRE(app_stopped.size() == 1);
  REQUIRE(db_stopped.size() == 1);
  CHECK(log_time(app_stopped[0]) <= log_time(db_stopped[0]));
  CHECK(d.log().find("stopped: app") < d.log().find("stopped: db"));
  CHECK(d.stop() == 0);
}

TEST_CASE("depends_on: a dependency that goes FATAL leaves its dependant STOPPED saying why", "[ours]") {
  TempDir dir;
  const std::string sock = dir.file("sv.sock");
  DaemonProcess d(dir, supervisord_section(dir) + rpc_sections(sock) +
                           program("db", "command=/nonexistent/postgres\nstartretries=0") +
                           program("app", "command=sleep 60\ndepends_on=db"));
  REQUIRE(d.wait_ready(sock));
  REQUIRE(d.wait_for("not starting app: dependency db is FATAL"));
  Rpc rpc(sock);
  CHECK(rpc.state("app") == "STOPPED");
  CHECK(rpc.info("app").find("description")->as_string() == "not started: dependency db is FATAL");
  CHECK(d.count("spawned: 'app'") == 0);
  CHECK(d.stop() == 0);
}

TEST_CASE("backoff=exponential: waits of at least 1 s, 2 s and 4 s", "[ours]") {
  TempDir dir;
  DaemonProcess d(dir, supervisord_section(dir) +
                           program("q", "command=/bin/sh -c 'exit 1'\nstartretries=3\nbackoff=exponential"));
  REQUIRE(d.wait_for("gave up: q entered FATAL state", 20s));
  auto spawns = lines_with(d.log_lines(), "spawned: 'q'");
  REQUIRE(spawns.size() == 4);
  double first = log_time(spawns[1]) - log_time(spawns[0]);
  double second = log_time(spawns[2]) - log_time(spawns[1]);
  double third = log_time(spawns[3]) - log_time(spawns[2]);
  // Timers never fire early; the third wait also tells exponential (4 s) from linear (3 s).
  CHECK(first > 0.95);
  CHECK(second > 1.95);
  CHECK(third > 3.95);
  WARN(fmt::format("exponential backoff waits measured: {:.3f} s, {:.3f} s, {:.3f} s", first, second, third));
  CHECK(d.stop() == 0);
}

TEST_CASE("on_exit=shutdown: supervisord stops everything and exits with the program's status", "[ours]") {
  TempDir dir;
  DaemonProcess d(dir, supervisord_section(dir) +
                           program("job", "command=/bin/sh -c 'sleep 1.2; exit 3'\nstartsecs=1\non_exit=shutdown") +
                           program("web", "command=sleep 60\nstartsecs=0"));
  auto status = d.wait_exit(20s);
  REQUIRE(status.has_value());
  CHECK(*status == 3);
  CHECK(d.count("CRIT shutting down: job exited (exit status 3) and has on_exit=shutdown") == 1);
  CHECK(d.count("stopped: web (terminated by SIGTERM)") == 1);
}

TEST_CASE("environment_file is read again at each start; rlimit_nofile reaches the child", "[ours]") {
  TempDir dir;
  const std::string sock = dir.file("sv.sock");
  write_file(dir.file("app.env"), "# test\nexport GREETING=\"hello one\"\n");
  DaemonProcess d(dir, supervisord_section(dir) + rpc_sections(sock) +
                           program("p", fmt::format("command=/bin/sh -c 'echo \"greeting=$GREETING nofile=$(ulimit -n) "
                                                    "hard=$(ulimit -Hn)\"; exec sleep 60'\n"
                                                    "startsecs=0\nstdout_logfile={}\n"
                                                    "environment_file={}, -{}\nrlimit_nofile=123:456",
                                                    dir.file("p.out"), dir.file("app.env"), dir.file("missing.env"))));
  REQUIRE(d.wait_ready(sock));
  REQUIRE(wait_until([&] { return read_file(dir.file("p.out")).find("greeting=hello one") != std::string::npos; }));
  CHECK(read_file(dir.file("p.out")).find("nofile=123 hard=456") != std::string::npos);

  write_file(dir.file("app.env"), "GREETING=hello two\n");
  Rpc rpc(sock);
  must_value(rpc.client.call("supervisor.stopProcess", {xmlrpc::Value("p")}));
  must_value(rpc.client.call("supervisor.startProcess", {xmlrpc::Value("p")}));
  CHECK(wait_until([&] { return read_file(dir.file("p.out")).find("greeting=hello two") != std::string::npos; }));

  ::unlink(dir.file("app.env").c_str());
  must_value(rpc.client.call("supervisor.stopProcess", {xmlrpc::Value("p")}));
  xmlrpc::CallResult failed = rpc.client.call("supervisor.startProcess", {xmlrpc::Value("p")});
  REQUIRE(std::holds_alternative<xmlrpc::Fault>(failed));
  CHECK(std::get<xmlrpc::Fault>(failed).string == "SPAWN_ERROR: p");
  CHECK(d.count(fmt::format("spawnerr: can't read environment file '{}': [Errno 2] No such file or directory",
                            dir.file("app.env"))) >= 1);
  CHECK(d.stop() == 0);
}

TEST_CASE("a reload whose new inet port is taken keeps the daemon and its children running", "[faults]") {
  TempDir dir;
  const std::string sock = dir.file("sv.sock");
  TakenPort taken;
  REQUIRE(taken.port() != 0);
  const std::string base = supervisord_section(dir) + rpc_sections(sock) + program("keep", "command=sleep 60\nstartsecs=0");
  DaemonProcess d(dir, base);
  REQUIRE(d.wait_ready(sock));
  Rpc rpc(sock);
  REQUIRE(wait_until([&] { return rpc.state("keep") == "RUNNING"; }));
  const std::int64_t pid = rpc.info("keep").find("pid")->as_int();

  write_file(d.config_path(), base + fmt::format("[inet_http_server]\nport=127.0.0.1:{}\n", taken.port()));
  d.signal(SIGHUP);
  REQUIRE(d.wait_for("could not reload the configuration, keeping the current one: Another program is already "
                     "listening on a port"));
  CHECK(rpc.state("keep") == "RUNNING");
  CHECK(rpc.info("keep").find("pid")->as_int() == pid);
  CHECK(d.count("stopped: keep") == 0);
  CHECK(d.stop() == 0);
}

TEST_CASE("an [fcgi-program] whose port is taken backs off to FATAL with the socket error", "[faults]") {
  TempDir dir;
  const std::string sock = dir.file("sv.sock");
  TakenPort taken;
  REQUIRE(taken.port() != 0);
  const std::string url = fmt::format("tcp://127.0.0.1:{}", taken.port());
  DaemonProcess d(dir, supervisord_section(dir) + rpc_sections(sock) +
                           fmt::format("[fcgi-program:php]\ncommand=sleep 60\nsocket={}\nstartretries=1\n", url));
  REQUIRE(d.wait_ready(sock));
  Rpc rpc(sock);
  REQUIRE(wait_until([&] { return rpc.state("php") == "FATAL"; }, 15s));
  const std::string why = "Could not create FastCGI socket " + url + ": [Errno 98] Address already in use";
  CHECK(rpc.info("php").find("description")->as_string() == why);
  CHECK(d.count("INFO spawnerr: " + why) == 2);  // startretries=1: two attempts, no spinning
  CHECK(d.count("spawned:") == 0);
  CHECK(d.stop() == 0);
}
