// End-to-end: child log files (AUTO names, rotation, reopen) and the main log.
#include <signal.h>
#include <sys/stat.h>

#include <regex>

#include <catch2/catch.hpp>
#include <fmt/format.h>

#include "tests/support/daemon_process.h"
#include "tests/support/files.h"
#include "tests/support/main_log.h"
#include "tests/support/poll.h"
#include "tests/support/scratch_config.h"

using namespace sup::test;

namespace {

std::int64_t total_size(const std::string& base, int backups) {
  std::int64_t total = std::max<std::int64_t>(file_size(base), 0);
  for (int i = 1; i <= backups; ++i) total += std::max<std::int64_t>(file_size(base + "." + std::to_string(i)), 0);
  return total;
}

}  // namespace

TEST_CASE("child log rotation keeps maxbytes per file and loses no byte", "[logs]") {
  TempDir dir;
  // 400 lines of 50 bytes = 20000 bytes, written in small bursts so rotation happens often.
  std::string writer =
      "i=0; while [ $i -lt 400 ]; do printf '%%049d\\n' $i; i=$((i+1)); "
      "[ $((i %% 20)) -eq 0 ] && sleep 0.01; done; exec sleep 100";
  std::string conf = supervisord_section(dir, "info") +
                     fmt::format("[program:w]\ncommand=/bin/sh -c \"{}\"\nstdout_logfile={}\n"
                                 "stdout_logfile_maxbytes=2KB\nstdout_logfile_backups=20\nstartsecs=0\n",
                                 writer, dir.file("w.log"));
  DaemonProcess d(dir, conf);
  REQUIRE(wait_until([&] { return total_size(dir.file("w.log"), 20) >= 20000; }, 20s));
  CHECK(total_size(dir.file("w.log"), 20) == 20000);
  int rotated = 0;
  for (int i = 1; i <= 20; ++i) {
    std::int64_t size = file_size(dir.file("w.log." + std::to_string(i)));
    if (size < 0) continue;
    ++rotated;
    CHECK(size >= 2048);
    CHECK(size < 2048 + 128 * 1024);
  }
  CHECK(rotated >= 5);
  CHECK(file_size(dir.file("w.log")) < 2048);
  // Reassemble: oldest backup first, the content is exactly the lines in order.
  std::string all;
  for (int i = 20; i >= 1; --i) all += read_file(dir.file("w.log." + std::to_string(i)));
  all += read_file(dir.file("w.log"));
  REQUIRE(all.size() == 20000);
  CHECK(all.substr(0, 50) == std::string(49, '0') + "\n");
  CHECK(all.substr(19950, 49) == fmt::format("{:049d}", 399));
}

TEST_CASE("backups=0 truncates, backups=N keeps N files", "[logs]") {
  TempDir dir;
  std::string writer = "i=0; while [ $i -lt 200 ]; do printf '%%049d\\n' $i; i=$((i+1)); sleep 0.001; done; exec sleep 100";
  std::string conf = supervisord_section(dir, "info") +
                     fmt::format("[program:z]\ncommand=/bin/sh -c \"{}\"\nstdout_logfile={}\n"
                                 "stdout_logfile_maxbytes=1KB\nstdout_logfile_backups=0\nstartsecs=0\n",
                                 writer, dir.file("z.log")) +
                     fmt::format("[program:t]\ncommand=/bin/sh -c \"{}\"\nstdout_logfile={}\n"
                                 "stdout_logfile_maxbytes=1KB\nstdout_logfile_backups=2\nstartsecs=0\n",
                                 writer, dir.file("t.log"));
  DaemonProcess d(dir, conf);
  REQUIRE(d.wait_for("success: z entered RUNNING"));
  REQUIRE(wait_until([&] { return read_file(dir.file("z.log")).find(fmt::format("{:049d}", 199)) != std::string::npos; }));
  REQUIRE(wait_until([&] { return read_file(dir.file("t.log")).find(fmt::format("{:049d}", 199)) != std::string::npos; }));
  CHECK(!file_exists(dir.file("z.log.1")));
  CHECK(file_size(dir.file("z.log")) < 1024);
  CHECK(file_exists(dir.file("t.log.1")));
  CHECK(file_exists(dir.file("t.log.2")));
  CHECK(!file_exists(dir.file("t.log.3")));
}

TEST_CASE("SIGUSR2 reopens the main log and child logs without losing bytes", "[logs]") {
  TempDir dir;
  std::string writer = fmt::format(
      "i=0; while [ ! -e {0} ]; do printf '%%019d\\n' $i; i=$((i+1)); sleep 0.002; done; echo $i > {1}; exec sleep 100",
      dir.file("stop"), dir.file("count"));
  std::string conf = supervisord_section(dir) +
                     fmt::format("[program:r]\ncommand=/bin/sh -c \"{}\"\nstdout_logfile={}\nstartsecs=0\n", writer,
                                 dir.file("r.log"));
  DaemonProcess d(dir, conf);
  REQUIRE(d.wait_for("success: r entered RUNNING"));
  REQUIRE(wait_until([&] { return file_size(dir.file("r.log")) > 2000; }));
  REQUIRE(::rename(dir.file("r.log").c_str(), dir.file("r.log.old").c_str()) == 0);
  REQUIRE(::rename(dir.file("sd.log").c_str(), dir.file("sd.log.old").c_str()) == 0);
  d.signal(SIGUSR2);
  REQUIRE(wait_until([&] { return file_size(dir.file("r.log")) > 2000; }));
  write_file(dir.file("stop"), "");
  REQUIRE(wait_until([&] { return !read_file(dir.file("count")).empty(); }));
  int lines = std::stoi(read_file(dir.file("count")));
  REQUIRE(wait_until([&] { return file_size(dir.file("r.log.old")) + file_size(dir.file("r.log")) >= lines * 20; }));
  CHECK(file_size(dir.file("r.log.old")) + file_size(dir.file("r.log")) == lines * 20);
  std::string old_log = read_file(dir.file("sd.log.old"));
  CHECK(old_log.find("INFO received SIGUSR2 indicating log reopen request") != std::string::npos);
  CHECK(old_log.find("INFO supervisord logreopen") != std::string::npos);
  CHECK(read_file(dir.file("sd.log")).find("logreopen") == std::string::npos);
  CHECK(d.stop() == 0);
  CHECK(read_file(dir.file("sd.log")).find("stopped: r") != std::string::npos);
}

TEST_CASE("AUTO logs: names, mode 0600, redirect_stderr and clean-up", "[logs]") {
  TempDir dir;
  // Leftovers of an earlier run with the same identifier are removed at start-up.
  std::string section = supervisord_section(dir);
  std::smatch m;
  std::regex_search(section, m, std::regex("identifier=(\\S+)"));
  std::string ident = m[1];
  write_file(dir.file("old-stdout---" + ident + "-abcdefgh.log"), "x");
  write_file(dir.file("old-stdout---" + ident + "-abcdefgh.log.3"), "x");
  write_file(dir.file("keep-stdout---other-abcdefgh.log"), "x");
  std::string conf = section +
                     "[program:both]\ncommand=/bin/sh -c 'echo out; echo err >&2; exec sleep 100'\nstartsecs=0\n" +
                     "[program:merged]\ncommand=/bin/sh -c 'echo out; echo err >&2; exec sleep 100'\nstartsecs=0\n"
                     "redirect_stderr=true\n" +
                     "[program:never]\ncommand=sleep 1\nautostart=false\n";
  DaemonProcess d(dir, conf);
  REQUIRE(d.wait_for("success: merged entered RUNNING"));
  REQUIRE(d.wait_for("success: both entered RUNNING"));
  auto names = list_dir(dir.path());
  CHECK(std::find(names.begin(), names.end(), "old-stdout---" + ident + "-abcdefgh.log") == names.end());
  CHECK(std::find(names.begin(), names.end(), "old-stdout---" + ident + "-abcdefgh.log.3") == names.end());
  CHECK(std::find(names.begin(), names.end(), "keep-stdout---other-abcdefgh.log") != names.end());
  std::regex auto_name("(both|merged|never)-(stdout|stderr)---" + ident + "-[a-z0-9_]{8}\\.log");
  std::map<std::string, std::string> found;
  for (const auto& n : names) {
    std::smatch mm;
    if (std::regex_match(n, mm, auto_name)) found[mm[1].str() + "-" + mm[2].str()] = dir.file(n);
  }
  CHECK(found.count("both-stdout"));
  CHECK(found.count("both-stderr"));
  CHECK(found.count("merged-stdout"));
  CHECK(!found.count("merged-stderr"));
  CHECK(found.count("never-stdout"));  // created even though it never starts
  struct stat st {};
  REQUIRE(::stat(found["never-stdout"].c_str(), &st) == 0);
  CHECK((st.st_mode & 0777) == 0600);
  CHECK(wait_until([&] { return read_file(found["both-stdout"]) == "out\n"; }));
  CHECK(wait_until([&] { return read_file(found["both-stderr"]) == "err\n"; }));
  CHECK(wait_until([&] { return read_file(found["merged-stdout"]).size() == 8; }));
  // Debug level echoes child output into the main log.
  CHECK(d.wait_for("DEBG 'both' stdout output:\nout\n"));
  CHECK(d.wait_for("DEBG 'both' stderr output:\nerr\n"));
}

TEST_CASE("main log rotation", "[logs]") {
  TempDir dir;
  std::string conf = supervisord_section(dir, "debug", "logfile_maxbytes=1KB\nlogfile_backups=2\n") +
                     "[program:chatty]\ncommand=/bin/sh -c 'i=0; while [ $i -lt 100 ]; do echo line $i; i=$((i+1)); "
                     "sleep 0.005; done; exec sleep 100'\nstartsecs=0\n";
  DaemonProcess d(dir, conf);
  REQUIRE(wait_until([&] { return file_exists(dir.file("sd.log.2")); }));
  CHECK(file_size(dir.file("sd.log.1")) >= 1024);
  CHECK(!file_exists(dir.file("sd.log.3")));
}

TEST_CASE("strip_ansi and capture mode reach the child log as Supervisor writes them", "[logs]") {
  TempDir dir;
  std::string conf =
      supervisord_section(dir, "debug", "strip_ansi=true\n") +
      fmt::format("[program:color]\ncommand=printf '\\033[31mred\\033[0m plain\\n'\nstartsecs=0\nautorestart=false\n"
                  "stdout_logfile={}\n",
                  dir.file("color.log")) +
      fmt::format("[program:cap]\ncommand=/bin/sh -c 'printf \"before<!--XSUPERVISOR:BEGIN-->payload"
                  "<!--XSUPERVISOR:END-->after\\n\"; exec sleep 100'\nstartsecs=0\nstdout_capture_maxbytes=1KB\n"
                  "stdout_logfile={}\n",
                  dir.file("cap.log"));
  DaemonProcess d(dir, conf);
  REQUIRE(d.wait_for("exited: color (exit status 0; expected)"));
  CHECK(read_file(dir.file("color.log")) == "red plain\n");
  REQUIRE(d.wait_for("DEBG 'cap' stdout emitted a comm event"));
  // "after\n" is not longer than the begin token and nothing follows: lost, as in Supervisor.
  CHECK(read_file(dir.file("cap.log")) == "before");
}
