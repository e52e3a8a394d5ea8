// Scratch directories and config files for tests; removed in the destructor.
#pragma once

#include <cstdlib>
#include <fstream>
#include <string>
#include <sys/stat.h>

#include "common/config_loader.h"
#include "tests/config/corpus_support.h"
#include "tests/config/sim_system.h"
#include "tests/support/temp_dir.h"

namespace sup::test {

// A TempDir that also writes files into (one level of) subfolders.
class ScratchDir final {
 public:
  const std::string& path() const { return dir_.path(); }
  std::string write(const std::string& name, const std::string& bytes) const {
    std::string full = dir_.file(name);
    std::string dir = full.substr(0, full.rfind('/'));
    mkdir(dir.c_str(), 0755);
    std::ofstream(full, std::ios::binary) << bytes;
    return full;
  }

 private:
  TempDir dir_;
};

// Loads `text` as supervisord.conf in a scratch dir on the reference machine.
struct Loaded {
  std::variant<Config, ConfigError> result;
  std::string dir;
  bool ok() const { return std::holds_alternative<Config>(result); }
  const Config& config() const { return std::get<Config>(result); }
  std::string error() const {
    return ok() ? "(no error)" : std::get<ConfigError>(result).message;
  }
};

inline Loaded load_text(const ScratchDir& dir, const std::string& text,
                        const std::string& name = "supervisord.conf") {
  std::string path = dir.write(name, text);
  SimSystem sys(corpus_dir() + "/fixtures", dir.path());
  return Loaded{load_config(path, sys), dir.path()};
}

inline Loaded load_text(const std::string& text) {
  ScratchDir dir;
  return load_text(dir, text);
}

}  // namespace sup::test
