// The built supervisord's --check-config [--json] gives what the library gives in-process on
// the real machine.
#include <catch2/catch.hpp>
#include <sys/wait.h>

#include <cstdio>
#include <sstream>

#include "common/check_config.h"
#include "tests/config/scratch.h"

using namespace sup;
using namespace sup::test;

namespace {

struct Run {
  int status = -1;
  std::string out;
  std::string err;
};

std::string slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// Runs the binary with stdout/stderr captured in files of `dir` (no process outlives this).
Run run_supervisord(const ScratchDir& dir, const std::string& args) {
  const char* bin = std::getenv("SUP_SUPERVISORD");
  REQUIRE(bin != nullptr);
  std::string cmd = std::string("'") + bin + "' " + args + " >'" + dir.path() + "/out' 2>'" + dir.path() + "/err'";
  int rc = std::system(cmd.c_str());
  Run r;
  r.status = WIFEXITED(rc) ? WEXITSTATUS(rc) : -1;
  r.out = slurp(dir.path() + "/out");
  r.err = slurp(dir.path() + "/err");
  return r;
}

std::string config_text(const ScratchDir& dir) {
  return "[supervisord]\nlogfile=" + dir.path() + "/sd.log\npidfile=" + dir.path() +
         "/sd.pid\nchildlogdir=" + dir.path() +
         "\nenvironment=A=\"1\"\n[unix_http_server]\nfile=" + dir.path() +
         "/s.sock\n[program:web]\ncommand=/bin/sleep %(process_num)d\nnumprocs=2\n"
         "process_name=web_%(process_num)d\nstdout_logfile_maxbytes=0\n"
         "[include]\nfiles=missing-*.conf\n[supervisorctl]\nserverurl=unix://" +
         dir.path() + "/s.sock\n";
}

}  // namespace

TEST_CASE("supervisord --check-config --json matches the in-process load", "[binary]") {
  ScratchDir dir;
  std::string path = dir.write("supervisord.conf", config_text(dir));
  Run r = run_supervisord(dir, "--check-config --json -c " + path);
  INFO(r.err);
  REQUIRE(r.status == 0);
  nlohmann::json ours = nlohmann::json::parse(r.out);

  RealSystem sys;
  ServerOptions options;
  options.progname = "supervisord";
  options.configfile = path;
  options.check_config = options.json = true;
  std::ostringstream out, err;
  REQUIRE(run_check_config(options, sys, out, err) == 0);
  nlohmann::json expected = nlohmann::json::parse(out.str());
  CHECK(json_differences(ours, expected).empty());
  CHECK(ours["groups"][0]["processes"].size() == 2);
  CHECK(ours["supervisord"]["serverurl"] == "unix://" + dir.path() + "/s.sock");
  CHECK(ours["supervisorctl"]["serverurl"] == "unix://" + dir.path() + "/s.sock");
  CHECK(ours["warnings"].size() == 3);
}

TEST_CASE("supervisord --check-config summary and errors", "[binary]") {
  ScratchDir dir;
  std::string path = dir.write("supervisord.conf", config_text(dir));
  Run ok = run_supervisord(dir, "--check-config -c " + path);
  REQUIRE(ok.status == 0);
  CHECK(ok.out.rfind(path + ": OK, 1 groups, 2 processes, 3 warnings\n", 0) == 0);

  std::string bad = dir.write("bad.conf", "[supervisord]\n[program:x]\ncommand=c\nstartsecs=abc\n");
  Run failed = run_supervisord(dir, "--check-config -c " + bad);
  CHECK(failed.status == 2);
  CHECK(failed.err ==
        "Error: invalid literal for int() with base 10: 'abc' in section 'program:x' (file: '" + bad +
            "')\nFor help, use " + std::getenv("SUP_SUPERVISORD") + " -h\n");
  Run json = run_supervisord(dir, "--check-config --json -c " + bad);
  CHECK(json.status == 2);
  CHECK(nlohmann::json::parse(json.out) ==
        nlohmann::json{{"error", "invalid literal for int() with base 10: 'abc' in section 'program:x' "
                                 "(file: '" + bad + "')"}});
}
