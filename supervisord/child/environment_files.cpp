#include "supervisord/child/environment_files.h"

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

#include <fmt/format.h>

namespace sup {

std::variant<DotenvPairs, SpawnError> read_environment_files(const std::vector<EnvironmentFile>& files) {
  DotenvPairs merged;
  for (const EnvironmentFile& file : files) {
    std::ifstream in(file.path, std::ios::binary);
    if (!in) {
      int err = errno;
      if (file.optional && err == ENOENT) continue;
      return SpawnError{SpawnError::Kind::kEnvironment, err,
                        fmt::format("can't read environment file '{}': [Errno {}] {}", file.path, err,
                                    std::strerror(err))};
    }
    std::ostringstream text;
    text << in.rdbuf();
    auto parsed = parse_dotenv(text.str());
    if (auto* error = std::get_if<DotenvError>(&parsed)) {
      return SpawnError{SpawnError::Kind::kEnvironment, 0,
                        fmt::format("environment file '{}' line {}: {}", file.path, error->line, error->message)};
    }
    for (auto& [key, value] : std::get<DotenvPairs>(parsed)) {
      bool replaced = false;
      for (auto& entry : merged) {
        if (entry.first == key) {
          entry.second = value;
          replaced = true;
        }
      }
      if (!replaced) merged.emplace_back(key, std::move(value));
    }
  }
  return merged;
}

std::variant<std::map<std::string, std::string>, SpawnError> program_environment(const ProcessConfig& config) {
  if (!config.lifecycle || config.lifecycle->environment_files.empty()) return config.environment;
  auto from_files = read_environment_files(config.lifecycle->environment_files);
  if (auto* error = std::get_if<SpawnError>(&from_files)) return std::move(*error);
  std::map<std::string, std::string> merged;
  for (auto& [key, value] : std::get<DotenvPairs>(from_files)) merged[key] = std::move(value);
  for (const auto& [key, value] : config.environment) merged[key] = value;
  return merged;
}

}  // namespace sup
