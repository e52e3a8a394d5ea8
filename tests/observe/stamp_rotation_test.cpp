// Line stamps, rotation boundaries, time rotation and gzip of rotated files, on a clock the
// test controls.
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <sys/time.h>
#include <zlib.h>

#include <catch2/catch.hpp>

#include "common/log_compress.h"
#include "common/log_file.h"
#include "common/log_rotation_time.h"
#include "common/log_stamp.h"
#include "tests/observe/clock.h"
#include "tests/support/files.h"
#include "tests/support/temp_dir.h"

using namespace sup;
using namespace sup::test;
using namespace std::chrono_literals;

namespace {

std::string stamp(StampStyle style, const std::string& pattern, bool prefix, std::chrono::system_clock::time_point t) {
  LineStamp s(style, pattern, prefix, "web");
  std::string out;
  s.append(out, t);
  return out;
}

std::string gunzip(const std::string& path) {
  gzFile gz = gzopen(path.c_str(), "rb");
  if (gz == nullptr) return "<cannot open>";
  std::string out;
  char buffer[4096];
  int n;
  while ((n = gzread(gz, buffer, sizeof buffer)) > 0) out.append(buffer, static_cast<size_t>(n));
  gzclose(gz);
  return out;
}

bool exists(const std::string& path) {
  struct stat st {};
  return ::stat(path.c_str(), &st) == 0;
}

std::string utc(std::chrono::system_clock::time_point t) {
  std::time_t s = std::chrono::system_clock::to_time_t(t);
  std::tm tm{};
  gmtime_r(&s, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%S", &tm);
  return buf;
}

}  // namespace

TEST_CASE("iso8601 stamps are local time with milliseconds and the UTC offset", "[observe]") {
  {
    ZoneGuard zone("UTC0");
    CHECK(stamp(StampStyle::kIso8601, "", false, sample_time()) == "2026-12-03T08:30:51.123+00:00 ");
    CHECK(stamp(StampStyle::kIso8601, "", false, sample_time(877)) == "2026-12-03T08:30:52.000+00:00 ");
  }
  {
    ZoneGuard zone("IST-5:30");
    CHECK(stamp(StampStyle::kIso8601, "", false, sample_time()) == "2026-12-03T14:00:51.123+05:30 ");
  }
  {
    ZoneGuard zone("EST5");
    CHECK(stamp(StampStyle::kIso8601, "", false, sample_time(5)) == "2026-12-03T03:30:51.128-05:00 ");
  }
}

TEST_CASE("pattern stamps go through strftime; the prefix comes first", "[observe]") {
  ZoneGuard zone("UTC0");
  CHECK(stamp(StampStyle::kPattern, "[%H:%M:%S]", false, sample_time()) == "[08:30:51] ");
  CHECK(stamp(StampStyle::kPattern, "%d/%m %%", true, sample_time()) == "web | 03/12 % ");
  CHECK(stamp(StampStyle::kNone, "", true, sample_time()) == "web | ");
  // The per-second cache follows the clock.
  LineStamp s(StampStyle::kPattern, "%S", false, "x");
  std::string out;
  s.append(out, sample_time());
  s.append(out, sample_time(1000));
  CHECK(out == "51 52 ");
}

TEST_CASE("rotation boundaries are the next local hour or day", "[observe]") {
  {
    ZoneGuard zone("UTC0");
    CHECK(utc(next_rotation_boundary(RotateEvery::kHourly, sample_time())) == "2026-12-03T09:00:00");
    CHECK(utc(next_rotation_boundary(RotateEvery::kDaily, sample_time())) == "2026-12-04T00:00:00");
    // Exactly on a boundary: the next one.
    auto nine = next_rotation_boundary(RotateEvery::kHourly, sample_time());
    CHECK(utc(next_rotation_boundary(RotateEvery::kHourly, nine)) == "2026-12-03T10:00:00");
  }
  {
    ZoneGuard zone("IST-5:30");
    // Local 14:00:51 -> local 15:00 = 09:30Z; local midnight = 18:30Z.
    CHECK(utc(next_rotation_boundary(RotateEvery::kHourly, sample_time())) == "2026-12-03T09:30:00");
    CHECK(utc(next_rotation_boundary(RotateEvery::kDaily, sample_time())) == "2026-12-03T18:30:00");
  }
}

TEST_CASE("time rotation happens at the boundary after the first bytes, with size rotation's names", "[observe]") {
  ZoneGuard zone("UTC0");
  TempDir dir;
  std::string path = dir.file("t.log");
  ManualClock clock(sample_time());  // 08:30:51
  RotatingFile file(path, 0, 3, TimeRotation{RotateEvery::kHourly, false, &clock});
  REQUIRE(!file.open());
  CHECK_FALSE(file.rotation_due());  // empty: nothing to rotate
  REQUIRE(!file.write("first\n"));
  REQUIRE(file.rotation_due());
  CHECK(utc(*file.rotation_due()) == "2026-12-03T09:00:00");
  clock.advance(29min);  // 08:59:51.123
  REQUIRE(!file.rotate_if_due());
  CHECK_FALSE(exists(path + ".1"));
  clock.advance(8s);
  REQUIRE(!file.write("second\n"));  // 08:59:59.123, same period
  clock.advance(1s);                 // 09:00:00.123
  REQUIRE(!file.rotate_if_due());
  CHECK(read_file(path + ".1") == "first\nsecond\n");
  CHECK(read_file(path) == "");
  CHECK_FALSE(file.rotation_due());
  // A write after a boundary rotates before writing, without the timer.
  REQUIRE(!file.write("third\n"));
  clock.advance(1h);
  REQUIRE(!file.write("fourth\n"));
  CHECK(read_file(path + ".2") == "first\nsecond\n");
  CHECK(read_file(path + ".1") == "third\n");
  CHECK(read_file(path) == "fourth\n");
}

TEST_CASE("a file left from an earlier period rotates at its first write", "[observe]") {
  ZoneGuard zone("UTC0");
  TempDir dir;
  std::string path = dir.file("old.log");
  write_file(path, "yesterday\n");
  // Its last write was a day before the clock's now.
  auto then = std::chrono::system_clock::to_time_t(sample_time() - 24h);
  struct timeval times[2] = {{then, 0}, {then, 0}};
  REQUIRE(::utimes(path.c_str(), times) == 0);
  ManualClock clock(sample_time());
  RotatingFile file(path, 0, 2, TimeRotation{RotateEvery::kDaily, false, &clock});
  REQUIRE(!file.open());
  REQUIRE(!file.write("today\n"));
  CHECK(read_file(path + ".1") == "yesterday\n");
  CHECK(read_file(path) == "today\n");
}

TEST_CASE("size rotation keeps working beside time rotation", "[observe]") {
  ZoneGuard zone("UTC0");
  TempDir dir;
  std::string path = dir.file("s.log");
  ManualClock clock(sample_time());
  RotatingFile file(path, 10, 2, TimeRotation{RotateEvery::kDaily, false, &clock});
  REQUIRE(!file.open());
  REQUIRE(!file.write("0123456789"));
  CHECK(read_file(path + ".1") == "0123456789");
  REQUIRE(!file.write("abc"));
  clock.advance(24h);
  REQUIRE(!file.rotate_if_due());
  CHECK(read_file(path + ".2") == "0123456789");
  CHECK(read_file(path + ".1") == "abc");
}

TEST_CASE("compressed backups decompress to exactly the bytes written, newest first", "[observe]") {
  TempDir dir;
  std::string path = dir.file("c.log");
  RotatingFile file(path, 0, 2, TimeRotation{RotateEvery::kNever, true, nullptr});
  REQUIRE(!file.open());
  std::string big;
  for (int i = 0; i < 20000; ++i) big += std::to_string(i * 7919) + (i % 3 ? " " : "\n");
  std::string binary("\0\xff\x1f\x8b text\n", 11);
  for (const std::string& part : {std::string("A\n"), big, binary}) {
    REQUIRE(!file.write(part));
    REQUIRE(!file.rotate());
  }
  REQUIRE(!file.write("current\n"));
  wait_for_compression();
  CHECK(gunzip(path + ".1.gz") == binary);
  CHECK(gunzip(path + ".2.gz") == big);
  CHECK_FALSE(exists(path + ".3.gz"));  // backups=2: "A\n" dropped
  CHECK_FALSE(exists(path + ".1"));
  CHECK(read_file(path) == "current\n");
  // No private rotation file is left behind.
  CHECK(read_file(path) == "current\n");
  int leftovers = 0;
  for (int i = 0; i < 10; ++i) leftovers += exists(path + ".rotating-" + std::to_string(i)) ? 1 : 0;
  CHECK(leftovers == 0);
}

TEST_CASE("an empty file or one that cannot seek is never rotated", "[observe]") {
  TempDir dir;
  std::string path = dir.file("e.log");
  RotatingFile empty(path, 1, 2, TimeRotation{RotateEvery::kHourly, false, nullptr});
  REQUIRE(!empty.open());
  REQUIRE(!empty.rotate());
  CHECK_FALSE(exists(path + ".1"));
  std::string fifo = dir.file("f");
  REQUIRE(::mkfifo(fifo.c_str(), 0600) == 0);
  int reader = ::open(fifo.c_str(), O_RDONLY | O_NONBLOCK);
  REQUIRE(reader >= 0);
  RotatingFile pipe(fifo, 1, 2, TimeRotation{RotateEvery::kHourly, false, nullptr});
  REQUIRE(!pipe.open());
  CHECK_FALSE(pipe.seekable());
  REQUIRE(!pipe.write("xyz"));
  CHECK_FALSE(pipe.rotation_due());
  REQUIRE(!pipe.clear());  // does not unlink the FIFO
  CHECK(exists(fifo));
  char buf[8];
  CHECK(::read(reader, buf, sizeof buf) == 3);
  ::close(reader);
}

TEST_CASE("a link to /proc/self/fd is a stream even when it leads to a regular file", "[observe]") {
  TempDir dir;
  std::string real = dir.file("real.log");
  int fd = ::open(real.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
  REQUIRE(fd >= 0);
  std::string link = dir.file("stdout");
  REQUIRE(::symlink(("/proc/self/fd/" + std::to_string(fd)).c_str(), link.c_str()) == 0);
  RotatingFile file(link, 5, 2, TimeRotation{RotateEvery::kHourly, false, nullptr});
  REQUIRE(!file.open());
  CHECK_FALSE(file.seekable());
  REQUIRE(!file.write("0123456789"));
  REQUIRE(!file.rotate());
  REQUIRE(!file.clear());
  struct stat st {};
  REQUIRE(::lstat(link.c_str(), &st) == 0);
  CHECK(S_ISLNK(st.st_mode));  // neither renamed nor deleted
  CHECK_FALSE(exists(link + ".1"));
  CHECK(read_file(real) == "0123456789");
  ::close(fd);
}
