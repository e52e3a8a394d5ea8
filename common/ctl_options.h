// What supervisorctl takes from its configuration file: the [supervisorctl] section only,
// read by Supervisor's ClientOptions (no [include], no [supervisord] environment).
//
// Typical use in supervisorctl: path = -c value, else find_ctl_config(argv0, sys);
// then load_ctl_config(path, sys). A missing search result is not an error: defaults apply.
// Command-line flags (-s, -u, -p, -r) override the returned values afterwards.
#pragma once

#include <optional>
#include <string>
#include <variant>

#include "common/config.h"
#include "common/config_error.h"
#include "common/system.h"

namespace sup {

// First existing entry of the default search list (same list as supervisord), or nullopt.
std::optional<std::string> find_ctl_config(const std::string& argv0, const System& sys);

// Reads `path` (nullopt = no file: built-in defaults). Errors carry the message
// supervisorctl prints after "Error: ", e.g. ".ini file does not include supervisorctl
// section" or "could not find config file /x"; a malformed INI line makes the real
// supervisorctl die with a traceback, reported with uncaught = true.
std::variant<CtlConfig, ConfigError> load_ctl_config(const std::optional<std::string>& path,
                                                     const System& sys);

}  // namespace sup
