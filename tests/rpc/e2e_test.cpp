// End-to-end tests of the supervisor.* interface and the HTTP front end: our supervisord (and
// Python's, where answers are compared) on scratch configs, driven by the scripts beside this
// file. Each script exits 0 on success and prints what differed otherwise.
#include <catch2/catch.hpp>

#include <memory>
#include <string>
#include <vector>

#include "tests/support/child_process.h"
#include "tests/support/daemon_process.h"
#include "tests/support/env.h"
#include "tests/support/files.h"
#include "tests/support/ports.h"
#include "tests/support/temp_dir.h"
#include "tests/support/text.h"

namespace sup::test {
namespace {

std::string scripts_dir() { return env_or_fail("SUP_RPC_SCRIPTS"); }

// A daemon on scenario.conf.in in its own directory.
struct Setup {
  TempDir dir;
  int port = free_tcp_port();
  std::unique_ptr<DaemonProcess> daemon;

  explicit Setup(const std::string& binary, const std::string& template_name = "scenario.conf.in") {
    std::string text = read_file(scripts_dir() + "/" + template_name);
    text = replace_all(text, "@DIR@", dir.path());
    text = replace_all(text, "@PORT@", std::to_string(port));
    daemon = std::make_unique<DaemonProcess>(dir, text, binary, "supervisord.log");
    if (!daemon->wait_ready(socket())) FAIL("supervisord did not open its socket; output:\n" << daemon->output());
  }
  // Stops the daemon: it must exit cleanly (status 0) without sanitizer reports.
  ~Setup() {
    int status = daemon->stop();
    std::string output = daemon->output();
    INFO("daemon output:\n" << output);
    CHECK(status == 0);
    CHECK(output.find("Sanitizer") == std::string::npos);
    CHECK(output.find("runtime error") == std::string::npos);
  }
  std::string socket() const { return dir.file("supervisor.sock"); }
  // Arguments telling a script where this daemon is.
  std::vector<std::string> args(const std::string& prefix = "") const {
    return {"--" + prefix + "sock", socket(), "--" + prefix + "port", std::to_string(port), "--" + prefix + "dir",
            dir.path(), "--" + prefix + "conf", daemon->config_path()};
  }
};

void run_checked(std::vector<std::string> argv, std::chrono::milliseconds timeout = 120s) {
  CommandResult r = run_command(argv, timeout);
  INFO("script output:\n" << r.output);
  REQUIRE(r.status == 0);
}

std::vector<std::string> python(const std::string& script) { return {"python3", scripts_dir() + "/" + script}; }

std::vector<std::string> concat(std::vector<std::string> a, const std::vector<std::string>& b) {
  a.insert(a.end(), b.begin(), b.end());
  return a;
}

TEST_CASE("every supervisor.* method: shapes, faults, deferred answers, shutdown state", "[methods]") {
  Setup ours(env_or_fail("SUP_SUPERVISORD"));
  run_checked(concat(python("methods.py"), ours.args()));
  // methods.py ends with supervisor.shutdown: the daemon exits by itself.
  CHECK(ours.daemon->wait_exit(20s) == 0);
  CHECK(ours.daemon->output().find("received SIGTERM") == std::string::npos);
}

TEST_CASE("answers match Python's supervisord on the same scenario", "[compare]") {
  Setup reference(kReferenceSupervisord);
  Setup ours(env_or_fail("SUP_SUPERVISORD"));
  run_checked(concat(concat(python("compare.py"), reference.args("ref-")), ours.args()));
}

TEST_CASE("Python's supervisorctl prints the same against our daemon", "[ctl]") {
  Setup reference(kReferenceSupervisord);
  Setup ours(env_or_fail("SUP_SUPERVISORD"));
  run_checked(concat(concat(python("ctl_compare.py"), reference.args("ref-")), ours.args()));
}

TEST_CASE("/logtail and /mainlogtail stream as Supervisor's do", "[logtail]") {
  Setup reference(kReferenceSupervisord);
  Setup ours(env_or_fail("SUP_SUPERVISORD"));
  run_checked(concat(concat(python("logtail.py"), reference.args("ref-")), ours.args()));
}

TEST_CASE("Perl XMLRPC::Lite over HTTP with Basic auth", "[perl]") {
  Setup ours(env_or_fail("SUP_SUPERVISORD"));
  run_checked({"perl", scripts_dir() + "/xmlrpc_lite.pl", std::to_string(ours.port)}, 60s);
}

TEST_CASE("getAllProcessInfo over 1,000 processes and getState on one kept-alive connection", "[perf]") {
  Setup ours(env_or_fail("SUP_SUPERVISORD"), "many.conf.in");
  run_checked(concat(python("perf.py"), ours.args()));
}

TEST_CASE("1,000 silent or slow connections on the inet port lock no client out", "[flood]") {
  Setup ours(env_or_fail("SUP_SUPERVISORD"));
  run_checked(concat(python("flood.py"), ours.args()));
}

TEST_CASE("system.multicall is bounded, and a large one is parsed without a DOM", "[multicall]") {
  Setup ours(env_or_fail("SUP_SUPERVISORD"));
  run_checked(concat(python("multicall_size.py"), ours.args()));
}

TEST_CASE("answers are XML 1.0 whatever a child prints or a request names", "[xmltext]") {
  Setup ours(env_or_fail("SUP_SUPERVISORD"), "xmltext.conf.in");
  run_checked(concat(python("xmltext.py"), ours.args()));
}

TEST_CASE("without [rpcinterface:supervisor] only system.* is served", "[norpc]") {
  Setup ours(env_or_fail("SUP_SUPERVISORD"), "norpc.conf.in");
  run_checked(concat(python("norpc.py"), ours.args()));
}

}  // namespace
}  // namespace sup::test
