// Python glob.glob() rules used by [include] files=.
#include <catch2/catch.hpp>

#include <algorithm>
#include <sys/stat.h>

#include "common/system.h"
#include "tests/config/scratch.h"

using namespace sup;
using namespace sup::test;

namespace {

std::vector<std::string> names(const ScratchDir& dir, const std::string& pattern) {
  std::vector<std::string> out;
  for (const auto& p : python_glob(dir.path() + "/" + pattern)) out.push_back(p.substr(dir.path().size() + 1));
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace

TEST_CASE("glob: wildcards, classes, hidden names, directories", "[glob]") {
  ScratchDir dir;
  for (const char* f : {"a.conf", "b.conf", "ab.conf", ".hidden.conf", "^x.conf", "c.ini", "sub/d.conf", "sub2/e.conf"}) {
    dir.write(f, "");
  }
  mkdir((dir.path() + "/dir.conf").c_str(), 0755);
  using V = std::vector<std::string>;
  CHECK(names(dir, "*.conf") == V{"^x.conf", "a.conf", "ab.conf", "b.conf", "dir.conf"});
  CHECK(names(dir, ".*.conf") == V{".hidden.conf"});
  CHECK(names(dir, "?.conf") == V{"a.conf", "b.conf"});
  CHECK(names(dir, "[!a]*.conf") == V{"^x.conf", "b.conf", "dir.conf"});
  CHECK(names(dir, "[^a]*.conf") == V{"^x.conf", "a.conf", "ab.conf"});
  CHECK(names(dir, "[a-b].conf") == V{"a.conf", "b.conf"});
  CHECK(names(dir, "sub*/*.conf") == V{"sub/d.conf", "sub2/e.conf"});
  CHECK(names(dir, "c.ini") == V{"c.ini"});
  CHECK(names(dir, "missing.ini").empty());
  CHECK(names(dir, "[.conf").empty());
  CHECK(names(dir, "{a,b}.conf").empty());
}

TEST_CASE("a matched directory is logged as included but not read", "[glob]") {
  ScratchDir dir;
  mkdir((dir.path() + "/conf.d").c_str(), 0755);
  mkdir((dir.path() + "/conf.d/x.conf").c_str(), 0755);
  dir.write("conf.d/y.conf", "[program:y]\ncommand=y\n");
  Loaded l = load_text(dir, "[supervisord]\n[include]\nfiles=conf.d/*.conf\n");
  REQUIRE(l.ok());
  CHECK(l.config().infos.size() == 2);
  CHECK(l.config().groups.size() == 1);
}
