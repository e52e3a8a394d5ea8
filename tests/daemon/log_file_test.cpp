#include "common/log_file.h"

#include <sys/stat.h>

#include <catch2/catch.hpp>

#include "common/log_main.h"
#include "tests/support/files.h"
#include "tests/support/temp_dir.h"

using namespace sup;
using sup::test::TempDir;

TEST_CASE("RotatingFile rotates after the write that reaches maxbytes", "[unit]") {
  TempDir dir;
  std::string path = dir.file("f.log");
  RotatingFile f(path, 100, 2);
  REQUIRE(!f.open());
  std::string chunk(60, 'a');
  REQUIRE(!f.write(chunk));  // 60
  CHECK(!test::file_exists(path + ".1"));
  REQUIRE(!f.write(chunk));  // 120 >= 100: rotated
  CHECK(test::file_size(path + ".1") == 120);
  CHECK(test::file_size(path) == 0);
  REQUIRE(!f.write(std::string(100, 'b')));
  CHECK(test::file_size(path + ".1") == 100);
  CHECK(test::file_size(path + ".2") == 120);
  REQUIRE(!f.write(std::string(100, 'c')));
  CHECK(test::read_file(path + ".1") == std::string(100, 'c'));
  CHECK(test::read_file(path + ".2") == std::string(100, 'b'));
  CHECK(!test::file_exists(path + ".3"));
}

TEST_CASE("RotatingFile with backups=0 truncates in place", "[unit]") {
  TempDir dir;
  std::string path = dir.file("z.log");
  RotatingFile f(path, 10, 0);
  REQUIRE(!f.open());
  REQUIRE(!f.write("0123456789"));
  CHECK(test::file_size(path) == 0);
  REQUIRE(!f.write("abc"));
  CHECK(test::read_file(path) == "abc");
  CHECK(!test::file_exists(path + ".1"));
}

TEST_CASE("RotatingFile clear and reopen", "[unit]") {
  TempDir dir;
  std::string path = dir.file("c.log");
  RotatingFile f(path, 0, 0);
  REQUIRE(!f.open());
  REQUIRE(!f.write("hello"));
  REQUIRE(::rename(path.c_str(), (path + ".moved").c_str()) == 0);
  REQUIRE(!f.write("A"));
  REQUIRE(!f.reopen());
  REQUIRE(!f.write("B"));
  CHECK(test::read_file(path + ".moved") == "helloA");
  CHECK(test::read_file(path) == "B");
  REQUIRE(!f.clear());
  CHECK(test::file_size(path) == 0);
  REQUIRE(!f.write("C"));
  CHECK(test::read_file(path) == "C");
}

TEST_CASE("main log record format", "[unit]") {
  using namespace std::chrono;
  std::tm tm{};
  tm.tm_year = 126;
  tm.tm_mon = 10;
  tm.tm_mday = 22;
  tm.tm_hour = 11;
  tm.tm_min = 15;
  tm.tm_sec = 6;
  tm.tm_isdst = -1;
  auto when = system_clock::from_time_t(std::mktime(&tm)) + microseconds(264999);
  CHECK(format_log_record(when, LogLevel::kInfo, "spawned: 'x' with pid 1") ==
        "2026-11-22 11:15:06,264 INFO spawned: 'x' with pid 1\n");
  CHECK(log_level_code(LogLevel::kBlather) == "BLAT");
  CHECK(log_level_code(LogLevel::kDebug) == "DEBG");
  CHECK(log_level_code(LogLevel::kError) == "ERRO");
}

TEST_CASE("MainLog filters by level", "[unit]") {
  TempDir dir;
  MainLog log;
  MainLog::Options o;
  o.logfile = dir.file("m.log");
  o.level = LogLevel::kWarn;
  REQUIRE(!log.open(o));
  log.info("hidden");
  log.warn("shown");
  log.critical("also");
  std::string text = test::read_file(dir.file("m.log"));
  CHECK(text.find("hidden") == std::string::npos);
  CHECK(text.find(" WARN shown\n") != std::string::npos);
  CHECK(text.find(" CRIT also\n") != std::string::npos);
}
