// Scratch directories and config files for tests; removed in the destructor.
#pragma once

#include <cstdlib>
#include <fstream>
#include <string>
#include <sys/stat.h>

#include "common/config_loader.h"
#include "tests/config/corpus_support.h"
#include "tests/config/sim_system.h"

namespace sup::test {

class ScratchDir {
 public:
  ScratchDir() {
    char tmpl[] = "/tmp/sup-config-test-XXXXXX";
    const char* d = mkdtemp(tmpl);
    path_ = d ? d : "/tmp";
  }
  ~ScratchDir() {
    if (path_.rfind("/tmp/sup-config-test-", 0) == 0) {
      std::string cmd = "rm -rf '" + path_ + "'";
      [[maybe_unused]] int rc = std::system(cmd.c_str());
    }
  }
  ScratchDir(const ScratchDir&) = delete;
  ScratchDir& operator=(const ScratchDir&) = delete;

  const std::string& path() const { return path_; }
  std::string write(const std::string& name, const std::string& bytes) const {
    std::string full = path_ + "/" + name;
    std::string dir = full.substr(0, full.rfind('/'));
    mkdir(dir.c_str(), 0755);
    std::ofstream(full, std::ios::binary) << bytes;
    return full;
  }

 private:
  std::string path_;
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
  SimSystem sys(shared_dir() + "/corpus/fixtures", dir.path());
  return Loaded{load_config(path, sys), dir.path()};
}

inline Loaded load_text(const std::string& text) {
  ScratchDir dir;
  return load_text(dir, text);
}

}  // namespace sup::test
