// Every top-level corpus config must give exactly Supervisor 4.2.5's result.
#include <catch2/catch.hpp>
#include <dirent.h>

#include <algorithm>
#include <fstream>
#include <iostream>
#include <set>
#include <stdexcept>
#include <sys/stat.h>

#include "tests/config/corpus_support.h"

namespace {

std::set<std::string> deliberate_deviations() {
  std::set<std::string> stems;
  std::string path = sup::test::config_tests_dir() + "/deliberate_deviations.txt";
  std::ifstream in(path);
  if (!in) throw std::runtime_error("cannot read " + path);
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    stems.insert(line.substr(0, line.find(':')));
  }
  return stems;
}

}  // namespace

TEST_CASE("corpus: every config loads as Supervisor 4.2.5 loads it", "[corpus]") {
  std::string dir = sup::test::corpus_dir() + "/configs";
  std::vector<std::string> names;
  DIR* d = opendir(dir.c_str());
  REQUIRE(d != nullptr);
  while (auto* e = readdir(d)) {
    std::string n = e->d_name;
    struct stat st {};
    if (n.size() > 5 && n.substr(n.size() - 5) == ".conf" && stat((dir + "/" + n).c_str(), &st) == 0 &&
        S_ISREG(st.st_mode)) {
      names.push_back(n);
    }
  }
  closedir(d);
  std::sort(names.begin(), names.end());
  REQUIRE(names.size() >= 150);
  auto allowed = deliberate_deviations();
  int matched = 0;
  std::vector<std::string> failures;
  for (const auto& n : names) {
    std::string stem = n.substr(0, n.size() - 5);
    std::ifstream in(sup::test::corpus_dir() + "/expected/" + stem + ".json");
    nlohmann::json expected = nlohmann::json::parse(in);
    auto diffs = sup::test::json_differences(sup::test::corpus_result(dir + "/" + n), expected);
    if (diffs.empty()) {
      ++matched;
    } else if (!allowed.count(stem)) {
      failures.push_back(stem + ": " + diffs.front());
    }
  }
  std::cout << "corpus: " << matched << "/" << names.size() << " match\n";
  for (const auto& f : failures) std::cout << "  " << f << "\n";
  CHECK(failures.empty());
}
