// Runs one corpus entry through the --check-config --json path on the simulated machine and
// compares with expected/<stem>.json. The corpus is the copy in the checkout
// (tests/config/corpus, see its NOTE.md); its path is compiled in by CMake.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace sup::test {

std::string config_tests_dir();  // tests/config in the source tree
std::string corpus_dir();        // tests/config/corpus: configs/, expected/, fixtures/

// Our canonical document for configs/<name> (absolute path), {HERE}-substituted.
nlohmann::json corpus_result(const std::string& config_path);

// The full error message (all lines, {HERE}-substituted) or "(no error)".
std::string corpus_full_error(const std::string& config_path);

// Human-readable differences "path: ours != expected", empty when equal.
std::vector<std::string> json_differences(const nlohmann::json& ours, const nlohmann::json& expected,
                                          const std::string& path = "");

}  // namespace sup::test
