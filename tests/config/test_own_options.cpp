// Our own log keys (README "Options of our own"): parsed, validated after Supervisor's own
// checks, and shown by --check-config --json only when set.
#include <catch2/catch.hpp>

#include "common/config_json.h"
#include "tests/config/scratch.h"

using namespace sup;
using namespace sup::test;

TEST_CASE("own log keys are parsed per channel and for the main log", "[loader]") {
  Loaded l = load_text(
      "[supervisord]\nlogfile_rotate_every = Daily\nlogfile_compress = true\n"
      "[program:a]\ncommand=x\nstdout_logfile_timestamps=iso8601\nstderr_logfile_timestamps=[%H:%M] %%\n"
      "stdout_logfile_rotate_every=hourly\nstdout_logfile_compress=yes\nstderr_logfile_prefix=on\n");
  REQUIRE(l.ok());
  const SupervisordConfig& s = l.config().supervisord;
  CHECK(s.logfile_rotate_every == RotateEvery::kDaily);
  CHECK(s.logfile_compress);
  const ProcessConfig& p = l.config().groups.at(0).processes.at(0);
  CHECK(p.stdout_channel.stamp == StampStyle::kIso8601);
  CHECK(p.stderr_channel.stamp == StampStyle::kPattern);
  // Taken raw: no %-expansion, so a strftime pattern is written as strftime wants it.
  CHECK(p.stderr_channel.stamp_pattern == "[%H:%M] %%");
  CHECK(p.stdout_channel.rotate_every == RotateEvery::kHourly);
  CHECK(p.stdout_channel.compress);
  CHECK_FALSE(p.stdout_channel.prefix);
  CHECK(p.stderr_channel.prefix);
  CHECK(p.stderr_channel.rotate_every == RotateEvery::kNever);

  nlohmann::json j = config_to_json(l.config(), CtlConfig{});
  const nlohmann::json& pj = j["groups"][0]["processes"][0];
  CHECK(pj["stdout_logfile_timestamps"] == "iso8601");
  CHECK(pj["stderr_logfile_timestamps"] == "[%H:%M] %%");
  CHECK(pj["stdout_logfile_rotate_every"] == "hourly");
  CHECK(pj["stdout_logfile_compress"] == true);
  CHECK(pj["stderr_logfile_prefix"] == true);
  CHECK_FALSE(pj.contains("stderr_logfile_rotate_every"));
  CHECK(j["supervisord"]["logfile_rotate_every"] == "daily");
}

TEST_CASE("own log keys are absent from the canonical JSON when not set", "[loader]") {
  Loaded l = load_text("[supervisord]\n[program:a]\ncommand=x\nstdout_logfile_timestamps=none\n");
  REQUIRE(l.ok());
  nlohmann::json j = config_to_json(l.config(), CtlConfig{});
  for (const char* key : {"stdout_logfile_timestamps", "stdout_logfile_rotate_every", "stdout_logfile_compress",
                          "stdout_logfile_prefix", "stderr_logfile_timestamps"}) {
    CHECK_FALSE(j["groups"][0]["processes"][0].contains(key));
  }
  CHECK_FALSE(j["supervisord"].contains("logfile_rotate_every"));
  CHECK_FALSE(j["supervisord"].contains("logfile_compress"));
}

TEST_CASE("bad values of own log keys name the key and section, after Supervisor's errors", "[loader]") {
  CHECK(load_text("[supervisord]\n[program:a]\ncommand=x\nstdout_logfile_rotate_every=weekly\n").error().find(
            "invalid stdout_logfile_rotate_every 'weekly' (never, hourly or daily) in section 'program:a'") !=
        std::string::npos);
  CHECK(load_text("[supervisord]\n[program:a]\ncommand=x\nstderr_logfile_timestamps=yes\n").error().find(
            "invalid stderr_logfile_timestamps 'yes'") != std::string::npos);
  CHECK(load_text("[supervisord]\n[program:a]\ncommand=x\nstdout_logfile_prefix=maybe\n").error().find(
            "not a valid boolean value: 'maybe' for stdout_logfile_prefix") != std::string::npos);
  CHECK(load_text("[supervisord]\nlogfile_rotate_every=monthly\n").error().find("invalid logfile_rotate_every") !=
        std::string::npos);
  // A file Supervisor rejects fails with Supervisor's error, not ours.
  std::string both = load_text("[supervisord]\n[program:a]\nstdout_logfile_rotate_every=weekly\n").error();
  CHECK(both.find("does not specify a command") != std::string::npos);
}
