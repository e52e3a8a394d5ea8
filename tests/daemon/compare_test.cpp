// The same scenario against Python's supervisord and ours: main logs must match line by line
// once timestamps and pids are masked (per program, since timing interleaves programs).
#include <signal.h>

#include <algorithm>
#include <map>
#include <regex>

#include <catch2/catch.hpp>
#include <fmt/format.h>

#include "tests/support/daemon_process.h"
#include "tests/support/scratch_config.h"

using namespace sup::test;

namespace {

// quick has startsecs=3: Python notices an exit only on its next 1 s wake-up when the pipe EOF
// races the zombie, and would then log it as RUNNING first; 3 s keeps it "too quick" there too.
std::string scenario(const TempDir& dir) {
  return supervisord_section(dir, "info") +
         "[program:ok]\ncommand=sleep 30\n"
         "[program:quick]\ncommand=/bin/sh -c 'exit 0'\nstartretries=1\nstartsecs=3\n"
         "[program:exp]\ncommand=/bin/sh -c 'sleep 1.5; exit 2'\nexitcodes=2\nautorestart=unexpected\n"
         "[program:nf]\ncommand=/nonexistent/program\nstartretries=0\n"
         "[program:stub]\ncommand=/bin/sh -c 'trap \"\" TERM; while :; do sleep 0.1; done'\nstopwaitsecs=1\n";
}

// Masks pids, groups lines by the program they mention ("" = the daemon's own lines).
std::map<std::string, std::vector<std::string>> normalise(const std::vector<std::string>& messages) {
  static const std::regex pid("\\b[0-9]{2,}\\b");
  static const std::regex name("(ok|quick|exp|nf|stub)\\b");
  std::map<std::string, std::vector<std::string>> out;
  for (const std::string& m : messages) {
    std::string masked = std::regex_replace(m, pid, "N");
    std::smatch match;
    std::string key = std::regex_search(m, match, name) ? match[1].str() : "";
    out[key].push_back(masked);
  }
  return out;
}

std::map<std::string, std::vector<std::string>> run(const std::string& binary) {
  TempDir dir;
  DaemonProcess d(dir, scenario(dir), binary);
  bool settled = d.wait_for("gave up: quick", 20s) && d.wait_for("gave up: nf", 10s) &&
                 d.wait_for("exited: exp", 10s) && d.wait_for("success: stub", 10s);
  int status = d.stop(30s);
  INFO(binary << " main log:\n" << d.log() << "\nstdout/stderr:\n" << d.output());
  CHECK(settled);
  CHECK(status == 0);
  return normalise(d.messages());
}

}  // namespace

TEST_CASE("main log matches Python supervisord for the same scenario", "[compare]") {
  if (!reference_installed()) {
    WARN("reference supervisord not installed; comparison skipped");
    return;
  }
  auto ours = run(our_supervisord());
  auto theirs = run(kReferenceSupervisord);
  // The scenario must have exercised what it is meant to compare.
  REQUIRE(theirs["quick"].size() >= 5);
  REQUIRE(theirs["nf"].size() >= 1);
  REQUIRE(theirs["exp"].size() >= 3);
  REQUIRE(std::count(theirs["stub"].begin(), theirs["stub"].end(), "WARN killing 'stub' (N) with SIGKILL") == 1);
  for (const auto& [key, lines] : theirs) {
    INFO("program: '" << key << "'");
    CHECK(ours[key] == lines);
  }
  for (const auto& [key, lines] : ours) {
    INFO("program only in ours: '" << key << "'");
    CHECK(theirs.count(key) == 1);
  }
}
