// The canonical JSON document of ../shared/corpus/README.md for a loaded configuration.
#pragma once

#include <nlohmann/json.hpp>
#include <variant>

#include "common/config.h"
#include "common/config_error.h"

namespace sup {

nlohmann::json config_to_json(const Config& config,
                              const std::variant<CtlConfig, ConfigError>& ctl);

// {"error": "<first line>"} (+ "uncaught": true).
nlohmann::json error_to_json(const ConfigError& error);

}  // namespace sup
