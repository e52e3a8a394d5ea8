// Child output under load: a child that floods its stdout as fast as the pipe takes it must
// reach its log file whole. No speed is asserted (a loaded machine must not fail a test):
// the capture rate against a plain pipe-to-file copy is bench/'s log_throughput.
#include <catch2/catch.hpp>
#include <fmt/format.h>

#include <algorithm>
#include <fstream>
#include <vector>

#include "tests/support/daemon_process.h"
#include "tests/support/files.h"
#include "tests/support/scratch_config.h"

using namespace sup::test;

namespace {

constexpr int kBlocks = 2048;  // of 64 KiB: 128 MiB
constexpr std::int64_t kBytes = std::int64_t{kBlocks} * 65536;

// True when every byte of the file is 0 (what dd copies from /dev/zero).
bool all_zero(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::vector<char> block(1 << 20);
  while (in.read(block.data(), static_cast<std::streamsize>(block.size())) || in.gcount() > 0) {
    if (std::any_of(block.begin(), block.begin() + in.gcount(), [](char c) { return c != 0; })) return false;
  }
  return true;
}

}  // namespace

TEST_CASE("a flooding child's 128 MiB reach its log file whole", "[bench]") {
  TempDir dir;
  std::string conf = supervisord_section(dir, "info") +
                     fmt::format("[program:flood]\ncommand=dd if=/dev/zero bs=64k count={} status=none\n"
                                 "stdout_logfile={}\nstdout_logfile_maxbytes=0\nstartsecs=0\nautorestart=false\n",
                                 kBlocks, dir.file("flood.log"));
  DaemonProcess d(dir, conf);
  REQUIRE(d.wait_for("exited: flood (exit status 0; expected)", 60s));
  CHECK(file_size(dir.file("flood.log")) == kBytes);
  CHECK(all_zero(dir.file("flood.log")));
}
