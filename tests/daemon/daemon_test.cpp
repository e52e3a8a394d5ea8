// End-to-end: the supervisord process itself (reload, pidfile, daemonizing, reaping).
#include <signal.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>
#include <sys/wait.h>

#include <cstring>

#include <catch2/catch.hpp>
#include <fmt/format.h>

#include "tests/daemon/harness.h"

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

// POSTs an XML-RPC request body to the daemon's unix socket; returns the raw HTTP response
// ("" when the connection failed).
std::string post_rpc(const std::string& socket_path, const std::string& body) {
  int fd = ::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return "";
  struct sockaddr_un addr {};
  addr.sun_family = AF_UNIX;
  std::strncpy(addr.sun_path, socket_path.c_str(), sizeof(addr.sun_path) - 1);
  if (::connect(fd, reinterpret_cast<struct sockaddr*>(&addr), sizeof(addr)) != 0) {
    ::close(fd);
    return "";
  }
  std::string request = fmt::format(
      "POST /RPC2 HTTP/1.0\r\nHost: localhost\r\nContent-Type: text/xml\r\nContent-Length: {}\r\n\r\n{}",
      body.size(), body);
  for (size_t done = 0; done < request.size();) {
    ssize_t n = ::write(fd, request.data() + done, request.size() - done);
    if (n <= 0) break;
    done += static_cast<size_t>(n);
  }
  std::string response;
  char buffer[4096];
  for (;;) {
    ssize_t n = ::read(fd, buffer, sizeof(buffer));
    if (n <= 0) break;
    response.append(buffer, static_cast<size_t>(n));
    size_t head_end = response.find("\r\n\r\n");
    size_t length_at = response.find("Content-Length: ");
    if (head_end != std::string::npos && length_at != std::string::npos && length_at < head_end &&
        response.size() >= head_end + 4 + std::strtoul(response.c_str() + length_at + 16, nullptr, 10)) {
      break;
    }
  }
  ::close(fd);
  return response;
}

// system.multicall of supervisor.<method>(name, false) for each method, in order.
std::string multicall_body(const std::string& name, const std::vector<std::string>& methods) {
  std::string calls;
  for (const std::string& method : methods) {
    calls += fmt::format(
        "<value><struct><member><name>methodName</name><value><string>supervisor.{}</string></value></member>"
        "<member><name>params</name><value><array><data><value><string>{}</string></value>"
        "<value><boolean>0</boolean></value></data></array></value></member></struct></value>",
        method, name);
  }
  return "<?xml version=\"1.0\"?><methodCall><methodName>system.multicall</methodName><params><param>"
         "<value><array><data>" + calls + "</data></array></value></param></params></methodCall>";
}

}  // namespace

TEST_CASE("SIGHUP reloads the configuration; a broken one keeps the daemon running", "[daemon]") {
  TempDir dir;
  std::string base = supervisord_section(dir) + "[program:a]\ncommand=sleep 100\n";
  Daemon d(dir, base);
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
  std::string sup = supervisord_section(dir, "info");
  std::string conf = sup.insert(sup.size() - 1, "respawn_pacing=1\n") +
                     fmt::format("[program:fast]\ncommand=/bin/sh -c \"{}\"\nstartsecs=0\nautorestart=true\n"
                                 "stdout_logfile=NONE\nstderr_logfile=NONE\n",
                                 script);
  Daemon d(dir, conf, our_supervisord());
  REQUIRE(d.wait_for("spawned: 'fast'", 90s, 1000));
  REQUIRE(eventually([&] { return read_file(dir.file("count")) == "1000\n"; }, 10s));
  CHECK(eventually([&] { return zombies_of(d.pid()) == 0; }, 2s));
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
  std::string binary = our_supervisord();
  pid_t launcher = ::fork();
  REQUIRE(launcher >= 0);
  if (launcher == 0) {
    ::execl(binary.c_str(), binary.c_str(), "-c", dir.file("d.conf").c_str(), static_cast<char*>(nullptr));
    ::_exit(127);
  }
  int status = 0;
  ::waitpid(launcher, &status, 0);
  CHECK(WIFEXITED(status));
  CHECK(WEXITSTATUS(status) == 0);
  REQUIRE(eventually([&] { return !read_file(dir.file("sd.pid")).empty(); }));
  pid_t daemon = std::stoi(read_file(dir.file("sd.pid")));
  CHECK(daemon != launcher);
  bool ok = eventually([&] { return read_file(dir.file("sd.log")).find("success: p entered RUNNING") != std::string::npos; });
  std::string log = read_file(dir.file("sd.log"));
  CHECK(log.find("INFO daemonizing the supervisord process") != std::string::npos);
  CHECK(log.find(fmt::format("INFO set current directory: '{}'", dir.path())) != std::string::npos);
  CHECK(log.find(fmt::format("INFO supervisord started with pid {}", daemon)) != std::string::npos);
  ::kill(daemon, SIGTERM);
  bool gone = eventually([&] { return !pid_alive(daemon); }, 15s);
  if (!gone) ::kill(daemon, SIGKILL);
  CHECK(ok);
  CHECK(gone);
  CHECK(!file_exists(dir.file("sd.pid")));
}

TEST_CASE("configuration errors exit 2 before anything starts", "[daemon]") {
  TempDir dir;
  Daemon d(dir, supervisord_section(dir) + "[program:x]\n");
  auto status = d.wait_exit(10s);
  REQUIRE(status);
  CHECK(*status == 2);
  CHECK(read_file(dir.file("daemon.out")).rfind("Error: ", 0) == 0);
  CHECK(!file_exists(dir.file("sd.log")));
}

TEST_CASE("an idle daemon does not wake up", "[daemon]") {
  TempDir dir;
  Daemon d(dir, supervisord_section(dir, "info") + "[program:idle]\ncommand=sleep 100\nstartsecs=0\n");
  REQUIRE(d.wait_for("success: idle entered RUNNING"));
  auto switches = [&] {
    std::string status = read_file(fmt::format("/proc/{}/status", d.pid()));
    size_t at = status.find("voluntary_ctxt_switches:");
    return at == std::string::npos ? -1L : std::atol(status.c_str() + at + 24);
  };
  struct timespec settle {0, 200 * 1000 * 1000};
  nanosleep(&settle, nullptr);
  long before = switches();
  struct timespec idle {1, 500 * 1000 * 1000};
  nanosleep(&idle, nullptr);
  CHECK(before >= 0);
  CHECK(switches() == before);
  CHECK(d.stop() == 0);
}

TEST_CASE("an impossible minfds exits 2 with Supervisor's message", "[daemon]") {
  auto run = [](const std::string& binary) {
    TempDir dir;
    Daemon d(dir, fmt::format("[supervisord]\nlogfile={0}/sd.log\npidfile={0}/sd.pid\nminfds=999999999\n", dir.path()),
             binary);
    auto status = d.wait_exit(10s);
    std::string out = read_file(dir.file("daemon.out"));
    size_t at = out.find(binary);
    if (at != std::string::npos) out.replace(at, binary.size(), "supervisord");
    return std::make_pair(status.value_or(-1), out);
  };
  auto ours = run(our_supervisord());
  CHECK(ours.first == 2);
  CHECK(ours.second.rfind("Error: The minimum number of file descriptors required to run this process is 999999999", 0) == 0);
  if (::access("/usr/bin/supervisord", X_OK) == 0) CHECK(ours == run("/usr/bin/supervisord"));
}

TEST_CASE("a signal to a child between fork and exec is not taken as the daemon's own", "[daemon]") {
  // startProcess and stopProcess in one multicall: the SIGTERM reaches the child microseconds
  // after fork(), while it may still carry the daemon's signal handlers.
  TempDir dir;
  std::string sock = dir.file("s.sock");
  Daemon d(dir, supervisord_section(dir, "info") +
                    fmt::format("[unix_http_server]\nfile={}\n\n[rpcinterface:supervisor]\n"
                                "supervisor.rpcinterface_factory = supervisor.rpcinterface:make_main_rpcinterface\n\n"
                                "[program:young]\ncommand=sleep 100\nautostart=false\nstartsecs=0\n"
                                "stdout_logfile=NONE\nstderr_logfile=NONE\n",
                                sock));
  REQUIRE(eventually([&] { return !post_rpc(sock, multicall_body("nosuch", {"stopProcess"})).empty(); }));
  const std::string body = multicall_body("young", {"startProcess", "stopProcess"});
  constexpr int kRounds = 300;
  int round = 0;
  for (; round < kRounds; ++round) {
    std::string response = post_rpc(sock, body);
    if (response.find("200 OK") == std::string::npos) break;
    // Stopped (by SIGTERM, before or after exec) before the next start.
    if (!d.wait_for("stopped: young", 10s, round + 1)) break;
  }
  CHECK(round == kRounds);
  CHECK(d.count("received SIGTERM indicating exit request") == 0);
  CHECK(pid_alive(d.pid()));
  CHECK(d.stop() == 0);
}
