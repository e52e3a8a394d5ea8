// environment_file= (ours): the files read at each spawn, merged in order (a later file wins),
// parsed as dotenv (common/dotenv.h).
#pragma once

#include <map>
#include <string>
#include <variant>
#include <vector>

#include "common/config.h"
#include "common/config_lifecycle.h"
#include "common/dotenv.h"
#include "supervisord/child/spawn_error.h"

namespace sup {

// A required file that is missing, unreadable or malformed is a kEnvironment spawn error
// naming it; an optional one ("-/path") that is missing is skipped.
std::variant<DotenvPairs, SpawnError> read_environment_files(const std::vector<EnvironmentFile>& files);

// What a spawn of `config` puts over the daemon's environment: its environment_files (read
// now), then its environment= (which wins). Without environment files, config.environment.
std::variant<std::map<std::string, std::string>, SpawnError> program_environment(const ProcessConfig& config);

}  // namespace sup
