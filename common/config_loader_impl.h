// Internal to the configuration reader: one ServerOptions.read_config() + realize() run,
// split over config_loader.cpp (files, [supervisord], servers, command line) and
// config_programs.cpp (groups and program-type sections). Errors are ValueError until
// load_config() converts them.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "common/config.h"
#include "common/config_lifecycle.h"
#include "common/ini_reader.h"
#include "common/pyformat.h"
#include "common/server_options.h"
#include "common/system.h"

namespace sup::config_internal {

std::string after_colon(const std::string& section);
bool starts_with(const std::string& s, const std::string& prefix);

class Loader {
 public:
  Loader(const System& sys, std::string configfile, const ServerOptions& cli);

  Config run();

 private:
  // parser.saneget(section, option) with `extra` merged over the ENV_ expansions; nullopt
  // when the option is absent (callers apply Python's default, which never contains '%').
  std::optional<std::string> get(const std::string& section, const std::string& option,
                                 const Expansions& extra, bool do_expand = true);

  static std::string expand_or_throw(const std::string& s, const Expansions& e,
                                     const std::string& name);

  Expansions here_only() const;

  void read_files();

  void read_supervisord();

  // [supervisord] keys of our own, which Supervisor ignores (config.md). Read after everything
  // else, so that a file Supervisor rejects fails here with Supervisor's error.
  void read_extensions();

  void read_rpcinterfaces();

  void read_groups();

  void parse_fcgi_socket(const std::string& sock, std::optional<uid_t> proc_uid,
                         std::optional<std::pair<uid_t, gid_t>> owner, std::optional<mode_t> mode,
                         GroupConfig& g);

  std::vector<ProcessConfig> processes_from_section(const std::string& section,
                                                    const std::string& group_name);

  std::vector<ProcessConfig> processes_impl(const std::string& section,
                                            const std::string& group_name);

  // Our program keys (config_lifecycle.cpp); nullptr when the section sets none.
  std::shared_ptr<const LifecycleConfig> read_lifecycle(const std::string& section, const Expansions& common);
  // depends_on names that exist and no cycle; fills each Dependency's targets.
  void check_dependencies();
  // Our <ch>_logfile_* keys of one channel (taken raw: a strftime pattern is not expanded).
  // A bad value is kept in deferred_error_ and raised by read_extensions().
  void read_channel_extensions(const std::string& section, const std::string& ch, ChannelConfig& c);
  void defer_extension_error(const std::string& section, const std::string& message);

  void read_servers();

  // ServerOptions.realize() after read_config: command line wins over the file.
  void realize();

  const System& sys_;
  std::string configfile_;
  const ServerOptions& cli_;
  std::string here_;
  std::string host_;
  Expansions environ_;  // Supervisor's environ_expansions (ENV_*), shared with the parser
  IniParser parser_;
  std::map<std::string, std::string> section_to_file_;
  Config config_;
  // The first error in one of our own keys, thrown once Supervisor's checks have passed.
  std::optional<std::string> deferred_error_;
};

}  // namespace sup::config_internal
