// Loads supervisord's configuration exactly as Supervisor 4.2.5's
// ServerOptions.realize(['-c', path]) does: INI reading, [include], %-expansion, every
// section and option with its type, default, validation order and error message.
#pragma once

#include <string>
#include <variant>

#include "common/config.h"
#include "common/config_error.h"
#include "common/server_options.h"
#include "common/system.h"

namespace sup {

// `path` is the configuration file as given (relative to sys.current_directory()).
// `cli` carries command-line overrides (a default-constructed ServerOptions = none).
std::variant<Config, ConfigError> load_config(const std::string& path, const System& sys,
                                              const ServerOptions& cli = ServerOptions{});

}  // namespace sup
