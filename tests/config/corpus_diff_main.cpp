// Developer tool: corpus_diff [-p] CONFIG... | corpus_diff -e|-j CONFIG prints our result's differences from expected/.
#include <fstream>
#include <iostream>

#include "common/value_types.h"
#include "tests/config/corpus_support.h"

int main(int argc, char** argv) {
  int bad = 0;
  bool print = argc > 1 && std::string(argv[1]) == "-p";  // also print our document
  if (argc > 2 && std::string(argv[1]) == "-j") {  // our document only
    std::cout << sup::test::corpus_result(argv[2]).dump(2) << "\n";
    return 0;
  }
  if (argc > 2 && std::string(argv[1]) == "-e") {  // full error message only
    std::cout << sup::test::corpus_full_error(argv[2]) << "\n";
    return 0;
  }
  for (int i = print ? 2 : 1; i < argc; ++i) {
    std::string path = argv[i];
    std::string stem = path.substr(path.rfind('/') + 1);
    stem = stem.substr(0, stem.rfind('.'));
    std::ifstream in(sup::test::corpus_dir() + "/expected/" + stem + ".json");
    nlohmann::json expected = nlohmann::json::parse(in);
    nlohmann::json ours = sup::test::corpus_result(path);
    if (print) std::cout << ours.dump(2) << "\n";
    auto diffs = sup::test::json_differences(ours, expected);
    std::cout << (diffs.empty() ? "MATCH " : "DIFF  ") << stem << "\n";
    for (std::size_t k = 0; k < diffs.size() && k < 12; ++k) std::cout << "    " << diffs[k] << "\n";
    bad += !diffs.empty();
  }
  std::cout << (argc - 1 - bad) << "/" << (argc - 1) << " match\n";
  return bad ? 1 : 0;
}
