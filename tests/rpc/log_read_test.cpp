// readFile()/tailFile() semantics (http-xmlrpc.md §7.11) on a 100-byte file.
#include <catch2/catch.hpp>

#include <cstdlib>
#include <fstream>
#include <string>
#include <unistd.h>

#include "supervisord/rpc/rpc_log_read.h"
#include "tests/support/temp_dir.h"

namespace sup {
namespace {

struct LogFile {
  test::TempDir tmp;  // first: dir and path are made from it
  std::string dir = tmp.path();
  std::string path = tmp.file("log");
  LogFile() {
    std::ofstream out(path, std::ios::binary);
    for (int i = 0; i < 10; ++i) out << "abcdefghij";
  }
};

std::string read_ok(const std::string& path, std::int64_t offset, std::int64_t length) {
  auto r = read_log_range(path, offset, length);
  REQUIRE(std::holds_alternative<std::string>(r));
  return std::get<std::string>(r);
}

TEST_CASE("read_log_range follows readFile()", "[rpc]") {
  LogFile f;
  CHECK(read_ok(f.path, -5, 0) == "fghij");
  CHECK(read_ok(f.path, -500, 0).size() == 100);
  CHECK(read_ok(f.path, 0, 0).size() == 100);
  CHECK(read_ok(f.path, 3, 4) == "defg");
  CHECK(read_ok(f.path, 95, 10) == "fghij");
  CHECK(read_ok(f.path, 1000, 0).empty());
  CHECK(std::get<LogReadError>(read_log_range(f.path, -5, 1)) == LogReadError::kBadArguments);
  CHECK(std::get<LogReadError>(read_log_range(f.path, 0, -1)) == LogReadError::kBadArguments);
  CHECK(std::get<LogReadError>(read_log_range(f.dir + "/absent", 0, 0)) == LogReadError::kFailed);
  CHECK(std::get<LogReadError>(read_log_range(f.dir, 0, 0)) == LogReadError::kFailed);
  CHECK(read_ok(f.path, INT64_MIN, 0).size() == 100);
}

TEST_CASE("tail_log follows tailFile()", "[rpc]") {
  LogFile f;
  struct Case {
    std::int64_t offset, length;
    std::string data;
    bool overflow;
  };
  for (const Case& c : {Case{0, 10, "abcdefghij", true}, Case{95, 10, "abcdefghij", false},
                        Case{10, 5, "fghij", true}, Case{100, 10, "", false}, Case{90, 0, "", true},
                        Case{0, -5, "", true}, Case{97, 3, "hij", false}}) {
    INFO("offset " << c.offset << " length " << c.length);
    LogTail t = tail_log(f.path, c.offset, c.length);
    CHECK(t.data == c.data);
    CHECK(t.offset == 100);
    CHECK(t.overflow == c.overflow);
  }
  CHECK(tail_log(f.path, 0, 200).data.size() == 100);
  CHECK(tail_log(f.path, INT64_MAX, INT64_MAX).offset == 100);
  LogTail absent = tail_log(f.dir + "/absent", 7, 3);
  CHECK(absent.data.empty());
  CHECK(absent.offset == 7);
  CHECK_FALSE(absent.overflow);
}

}  // namespace
}  // namespace sup
