// supervisord's command line (spec config.md §10) and locating + loading its configuration
// file with the command-line overrides applied.
//
// Typical use in supervisord/main.cpp:
//
//   sup::RealSystem sys;
//   std::vector<std::string> args(argv, argv + argc);
//   auto parsed = sup::parse_server_options(args, sys);
//   if (auto* exit = std::get_if<sup::ExitRequest>(&parsed)) {
//     std::cout << exit->out; std::cerr << exit->err; return exit->code;
//   }
//   auto& opts = std::get<sup::ServerOptions>(parsed);
//   if (opts.check_config) return sup::run_check_config(opts, sys, std::cout, std::cerr);
//   auto loaded = sup::load_server_config(opts, sys);
//   std::cerr << loaded.notice;                    // root search warning, may be empty
//   if (loaded.exit) { std::cerr << loaded.exit->err; return loaded.exit->code; }
//   sup::Config& config = *loaded.config;          // warnings/infos: log once logging is up
//
// On SIGHUP, call load_server_config(opts, sys) again: the search is repeated then.
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "common/config.h"
#include "common/config_error.h"
#include "common/system.h"

namespace sup {

// Values given on the command line, already converted and checked; unset = not given.
struct ServerOptions {
  std::string progname;                   // argv[0] as given, used in "For help, use ..."
  std::optional<std::string> configfile;  // -c / --configuration
  bool check_config = false;              // --check-config (our addition)
  bool json = false;                      // --json (our addition, with --check-config)

  std::optional<bool> nodaemon, silent, nocleanup, strip_ansi;
  std::optional<std::string> user;  // validated against the passwd database when loading
  std::optional<mode_t> umask;
  std::optional<std::string> directory;  // ~-expanded, existing
  std::optional<std::string> logfile;    // ~-expanded, directory exists (or "syslog")
  std::optional<std::int64_t> logfile_maxbytes;
  std::optional<int> logfile_backups;
  std::optional<LogLevel> loglevel;
  std::optional<std::string> pidfile;
  std::optional<std::string> identifier;
  std::optional<std::string> childlogdir;
  std::optional<int> minfds, minprocs;
  std::optional<std::string> profile_options;  // accepted and ignored
};

// The process should stop now: print `out` to stdout and `err` to stderr, exit with `code`.
struct ExitRequest {
  int code = 0;
  std::string out;
  std::string err;
};

// "Error: <message>\nFor help, use <progname> -h\n" (message may span lines).
std::string usage_error_text(const std::string& progname, const std::string& message);

// Parses argv (argv[0] included) with Python getopt semantics. -h/-v give an ExitRequest
// with code 0; every error an ExitRequest with code 2 and the usage error text.
std::variant<ServerOptions, ExitRequest> parse_server_options(const std::vector<std::string>& argv,
                                                              const System& sys);

// The default search list of §1 for an executable invoked as `argv0`.
std::vector<std::string> default_config_paths(const std::string& argv0);

struct ServerConfigLoad {
  std::optional<Config> config;    // set on success
  std::optional<ExitRequest> exit; // set on failure (code 2, usage error text)
  std::optional<ConfigError> error;  // the failure itself, for --json
  std::string notice;              // stderr text to print first (root search warning)
};

// Locates the configuration (-c, else the search list), loads it and applies the command
// line overrides exactly as ServerOptions.realize() does.
ServerConfigLoad load_server_config(const ServerOptions& options, const System& sys);

}  // namespace sup
