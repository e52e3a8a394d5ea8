// The canonical JSON document of ../shared/corpus/README.md for a loaded configuration.
#pragma once

#include <nlohmann/json.hpp>
#include <variant>

#include "common/config.h"
#include "common/config_error.h"

namespace sup {

nlohmann::json config_to_json(const Config& config,
                              const std::variant<CtlConfig, ConfigError>& ctl);

// Our program keys (common/config_lifecycle.h) as --check-config --json shows them under
// "lifecycle" (only for programs that set one); also what `update` compares.
nlohmann::json lifecycle_to_json(const LifecycleConfig& lifecycle);

// {"error": "<first line>"} (+ "uncaught": true).
nlohmann::json error_to_json(const ConfigError& error);

}  // namespace sup
