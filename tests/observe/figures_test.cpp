// /proc parsing and the Prometheus label escaping.
#include <unistd.h>

#include <catch2/catch.hpp>

#include "common/proc_stats.h"
#include "supervisord/http/metrics.h"

using namespace sup;

TEST_CASE("/proc/<pid>/stat is parsed after the last parenthesis", "[observe]") {
  std::string line =
      "4242 (we (i) rd) S 1 4242 4242 0 -1 4194560 500 0 0 0 150 25 7 3 20 0 3 0 12345 1052672 300 "
      "18446744073709551615 1 1 0 0 0 0 0 0 0 0 0 0 17 1 0 0 0 0 0\n";
  auto f = parse_proc_stat(line);
  REQUIRE(f);
  CHECK(f->utime == 150);
  CHECK(f->stime == 25);
  CHECK(f->cutime == 7);
  CHECK(f->cstime == 3);
  CHECK(f->threads == 3);
  CHECK(f->starttime == 12345);
  CHECK(f->vsize == 1052672);
  CHECK(f->rss_pages == 300);
  CHECK_FALSE(parse_proc_stat("4242 (short) S 1 2 3\n"));
  CHECK_FALSE(parse_proc_stat("garbage"));
}

TEST_CASE("the test's own process samples sensibly; a missing pid gives nothing", "[observe]") {
  auto s = sample_process(::getpid());
  REQUIRE(s);
  CHECK(s->threads >= 1);
  CHECK(s->rss_bytes > 0);
  CHECK(s->open_fds >= 3);
  CHECK(s->max_fds > 0);
  CHECK(s->start_time_seconds > 1.6e9);
  CHECK_FALSE(sample_process(0x7ffffff0));
}

TEST_CASE("label values escape backslash, quote and newline only", "[observe]") {
  CHECK(escape_label_value("plain-name_1") == "plain-name_1");
  CHECK(escape_label_value("a\\b\"c\nd\te") == "a\\\\b\\\"c\\nd\te");
}
