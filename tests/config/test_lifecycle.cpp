// Our program keys (common/config_lifecycle.h): parsed values, their errors with section and
// file, the depends_on graph check with file and line, and that a program setting none of
// them carries nothing.
#include <catch2/catch.hpp>

#include "common/config_json.h"
#include "common/config_lifecycle.h"
#include "tests/config/scratch.h"

using namespace sup;
using namespace sup::test;

namespace {

const std::string kSup = "[supervisord]\n";

std::string err_here(const std::string& text) {
  ScratchDir dir;
  Loaded l = load_text(dir, text);
  std::string e = l.error();
  for (std::size_t at; (at = e.find(dir.path())) != std::string::npos;) e.replace(at, dir.path().size(), "{HERE}");
  return e;
}

const LifecycleConfig& lifecycle_of(const Loaded& l, const std::string& group) {
  for (const GroupConfig& g : l.config().groups) {
    if (g.name == group) return *g.processes.at(0).lifecycle;
  }
  throw std::runtime_error("no group " + group);
}

}  // namespace

TEST_CASE("lifecycle: a program without our keys has no LifecycleConfig and no JSON key", "[lifecycle]") {
  Loaded l = load_text(kSup + "[program:a]\ncommand=/bin/true\n");
  REQUIRE(l.ok());
  CHECK(l.config().groups.at(0).processes.at(0).lifecycle == nullptr);
  CHECK_FALSE(config_to_json(l.config(), CtlConfig{}).dump().find("lifecycle") != std::string::npos);
}

TEST_CASE("lifecycle: every key parsed", "[lifecycle]") {
  Loaded l = load_text(kSup + "cgroup_root=/sys/fs/cgroup/supervisor\n"
                       "[program:db]\ncommand=/bin/true\n"
                       "[program:cache]\ncommand=/bin/true\n"
                       "[program:w1]\ncommand=/bin/true\n[program:w2]\ncommand=/bin/true\n"
                       "[group:workers]\nprograms=w1,w2\n"
                       "[program:app]\ncommand=/bin/true\n"
                       "depends_on = db:healthy, cache, group:workers\n"
                       "healthcheck = http://127.0.0.1:8000/healthz\nhealthcheck_interval = 2.5\n"
                       "healthcheck_timeout=1\nhealthcheck_retries=5\nhealthcheck_start_period=30\n"
                       "healthcheck_action=restart\n"
                       "backoff=exponential\nbackoff_max=60\nbackoff_jitter=0.2\nfatal_retry_after=300\n"
                       "on_fatal=shutdown\non_exit=SHUTDOWN\n"
                       "environment_file=/etc/app.env, -/etc/app.local.env\n"
                       "rlimit_nofile=4096:8192\nrlimit_core=unlimited\n"
                       "memory_max=512MB\ncpu_max=50%\npids_max=100\n");
  REQUIRE(l.ok());
  const LifecycleConfig& c = lifecycle_of(l, "app");
  REQUIRE(c.depends_on.size() == 3);
  CHECK(c.depends_on[0].name == "db");
  CHECK(c.depends_on[0].condition == Dependency::Condition::kHealthy);
  CHECK(c.depends_on[0].targets == std::vector<std::pair<std::string, std::string>>{{"db", "db"}});
  CHECK(c.depends_on[1].condition == Dependency::Condition::kRunning);
  CHECK(c.depends_on[2].group);
  CHECK(c.depends_on[2].targets ==
        std::vector<std::pair<std::string, std::string>>{{"workers", "w1"}, {"workers", "w2"}});
  CHECK(c.depends_on_line == 15);
  REQUIRE(c.healthcheck);
  CHECK(c.healthcheck->kind == HealthCheckConfig::Kind::kHttp);
  CHECK(c.healthcheck->interval == 2.5);
  CHECK(c.healthcheck->retries == 5);
  CHECK(c.healthcheck->start_period == 30);
  CHECK(c.healthcheck->action == HealthCheckConfig::Action::kRestart);
  CHECK(c.backoff == LifecycleConfig::Backoff::kExponential);
  CHECK(c.backoff_max == 60);
  CHECK(c.backoff_jitter == Approx(0.2));
  CHECK(c.fatal_retry_after == 300);
  CHECK(c.on_fatal == LifecycleConfig::OnEvent::kShutdown);
  CHECK(c.on_exit == LifecycleConfig::OnEvent::kShutdown);
  REQUIRE(c.environment_files.size() == 2);
  CHECK(c.environment_files[1].optional);
  CHECK(c.environment_files[1].path == "/etc/app.local.env");
  REQUIRE(c.rlimits.size() == 2);
  CHECK(c.rlimits[0].soft == 4096);
  CHECK(c.rlimits[0].hard == 8192);
  CHECK(c.rlimits[1].soft == RLIM_INFINITY);
  CHECK(c.cgroup.memory_max == std::string("536870912"));
  CHECK(c.cgroup.cpu_max == std::string("50000 100000"));
  CHECK(c.cgroup.pids_max == std::string("100"));

  nlohmann::json j = config_to_json(l.config(), CtlConfig{});
  std::string dumped = j.dump();
  CHECK(dumped.find("\"depends_on\"") != std::string::npos);
  CHECK(dumped.find("\"workers:w2\"") != std::string::npos);
  CHECK(dumped.find("\"rlimit_nofile\":[4096,8192]") != std::string::npos);
}

TEST_CASE("lifecycle: tcp and exec checks; cgroup_root", "[lifecycle]") {
  Loaded l = load_text(kSup + "cgroup_root=/sys/fs/cgroup/supervisor\n"
                              "[program:a]\ncommand=/bin/true\nhealthcheck=tcp://127.0.0.1:5432\n"
                              "[program:b]\ncommand=/bin/true\nhealthcheck=exec:/usr/bin/check --fast\n");
  REQUIRE(l.ok());
  CHECK(lifecycle_of(l, "a").healthcheck->kind == HealthCheckConfig::Kind::kTcp);
  CHECK(lifecycle_of(l, "a").healthcheck->target == "127.0.0.1:5432");
  CHECK(lifecycle_of(l, "b").healthcheck->kind == HealthCheckConfig::Kind::kExec);
  CHECK(lifecycle_of(l, "b").healthcheck->target == "/usr/bin/check --fast");
  CHECK(l.config().supervisord.cgroup_root == std::string("/sys/fs/cgroup/supervisor"));
}

TEST_CASE("lifecycle: bad values name the key, the section and the file", "[lifecycle]") {
  const std::string p = kSup + "[program:a]\ncommand=/bin/true\n";
  const std::string where = " in section 'program:a' (file: '{HERE}/supervisord.conf')";
  CHECK(err_here(p + "backoff=quadratic\n") ==
        "'quadratic' is not a valid value for backoff (one of linear, exponential)" + where);
  CHECK(err_here(p + "backoff_jitter=2\n") == "backoff_jitter 2 is above the upper bound (1)" + where);
  CHECK(err_here(p + "healthcheck=ftp://x\n") ==
        "healthcheck 'ftp://x' is not a valid check (http://host:port/path, tcp://host:port or exec:command)" + where);
  CHECK(err_here(p + "healthcheck=tcp://nohost\n") == "healthcheck 'tcp://nohost': tcp:// needs host:port" + where);
  CHECK(err_here(p + "rlimit_nofile=lots\n") ==
        "'lots' is not a valid limit for rlimit_nofile (a number or unlimited)" + where);
  CHECK(err_here(p + "rlimit_nofile=10:5\n") == "rlimit_nofile '10:5': the soft limit is above the hard limit" + where);
  CHECK(err_here(p + "depends_on=b:ready\n") == "depends_on 'b:ready': the condition must be running or healthy" + where);
  CHECK(err_here(p + "healthcheck_interval=soon\n") == "(no error)");  // only read with a healthcheck
  CHECK(err_here(p + "pids_max=10\n") ==
        "[program:a] sets memory_max, cpu_max or pids_max, which need cgroup_root in [supervisord]");
}

TEST_CASE("lifecycle: Supervisor's own errors come first", "[lifecycle]") {
  // Supervisor rejects this file for its stopasgroup rule; our backoff error must not hide it.
  CHECK(err_here(kSup + "[program:a]\ncommand=/bin/true\nbackoff=bad\nstopasgroup=true\nkillasgroup=false\n") ==
        "Cannot set stopasgroup=true and killasgroup=false in section 'program:a' (file: "
        "'{HERE}/supervisord.conf')");
}

TEST_CASE("lifecycle: depends_on names that do not exist and cycles, with file and line", "[lifecycle]") {
  CHECK(err_here(kSup + "[program:a]\ncommand=/bin/true\ndepends_on=nope\n") ==
        "[program:a] depends_on names 'nope', which is no program or group (file: '{HERE}/supervisord.conf' line: 4)");
  CHECK(err_here(kSup + "[program:a]\ncommand=/bin/true\ndepends_on=b\n"
                        "[program:b]\ncommand=/bin/true\ndepends_on=c\n"
                        "[program:c]\ncommand=/bin/true\ndepends_on=a\n") ==
        "depends_on cycle: a -> b -> c -> a (file: '{HERE}/supervisord.conf' line: 4)");
  CHECK(err_here(kSup + "[program:a]\ncommand=/bin/true\ndepends_on=a\n") ==
        "depends_on cycle: a -> a (file: '{HERE}/supervisord.conf' line: 4)");
  // Through a group: a needs group g, whose member b needs a.
  CHECK(err_here(kSup + "[program:a]\ncommand=/bin/true\ndepends_on=group:g\n"
                        "[program:b]\ncommand=/bin/true\ndepends_on=a\n"
                        "[group:g]\nprograms=b\n") ==
        "depends_on cycle: a -> group:g -> b -> a (file: '{HERE}/supervisord.conf' line: 4)");
  // A homogeneous group can be named either way; no cycle without a back edge.
  Loaded ok = load_text(kSup + "[program:a]\ncommand=/bin/true\ndepends_on=group:b\n[program:b]\ncommand=/bin/true\n");
  CHECK(ok.ok());
}
