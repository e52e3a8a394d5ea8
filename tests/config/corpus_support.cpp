#include "tests/config/corpus_support.h"

#include <sstream>

#include "common/check_config.h"
#include "common/value_types.h"
#include "tests/config/sim_system.h"

namespace sup::test {

std::string config_tests_dir() { return SUP_CONFIG_TESTS_DIR; }

std::string corpus_dir() { return config_tests_dir() + "/corpus"; }

namespace {

nlohmann::json walk(const nlohmann::json& v, const std::string& here) {
  if (v.is_string()) return canonicalize_text(v.get<std::string>(), here);
  if (v.is_array()) {
    nlohmann::json out = nlohmann::json::array();
    for (const auto& x : v) out.push_back(walk(x, here));
    return out;
  }
  if (v.is_object()) {
    nlohmann::json out = nlohmann::json::object();
    for (auto it = v.begin(); it != v.end(); ++it) out[canonicalize_text(it.key(), here)] = walk(it.value(), here);
    return out;
  }
  return v;
}

}  // namespace

nlohmann::json corpus_result(const std::string& config_path) {
  std::string here = dirname(config_path);
  SimSystem sys(corpus_dir() + "/fixtures", here);
  ServerOptions options;
  options.progname = "supervisord";
  options.configfile = config_path;
  options.check_config = true;
  options.json = true;
  std::ostringstream out, err;
  run_check_config(options, sys, out, err);
  return walk(nlohmann::json::parse(out.str()), here);
}

std::string corpus_full_error(const std::string& config_path) {
  std::string here = dirname(config_path);
  SimSystem sys(corpus_dir() + "/fixtures", here);
  ServerOptions options;
  options.progname = "supervisord";
  options.configfile = config_path;
  ServerConfigLoad loaded = load_server_config(options, sys);
  if (!loaded.error) return "(no error)";
  return canonicalize_text(loaded.error->message, here);
}

std::vector<std::string> json_differences(const nlohmann::json& ours, const nlohmann::json& expected,
                                          const std::string& path) {
  std::vector<std::string> diffs;
  if (ours.type() != expected.type() || (!ours.is_object() && !ours.is_array())) {
    if (ours != expected) diffs.push_back(path + ": ours " + ours.dump() + " != expected " + expected.dump());
    return diffs;
  }
  if (ours.is_array()) {
    if (ours.size() != expected.size()) {
      diffs.push_back(path + ": ours has " + std::to_string(ours.size()) + " items, expected " +
                      std::to_string(expected.size()));
    }
    for (std::size_t i = 0; i < std::min(ours.size(), expected.size()); ++i) {
      auto d = json_differences(ours[i], expected[i], path + "[" + std::to_string(i) + "]");
      diffs.insert(diffs.end(), d.begin(), d.end());
    }
    return diffs;
  }
  for (auto it = expected.begin(); it != expected.end(); ++it) {
    if (!ours.contains(it.key())) {
      diffs.push_back(path + "." + it.key() + ": missing, expected " + it.value().dump());
      continue;
    }
    auto d = json_differences(ours[it.key()], it.value(), path + "." + it.key());
    diffs.insert(diffs.end(), d.begin(), d.end());
  }
  for (auto it = ours.begin(); it != ours.end(); ++it) {
    if (!expected.contains(it.key())) diffs.push_back(path + "." + it.key() + ": unexpected key");
  }
  return diffs;
}

}  // namespace sup::test
