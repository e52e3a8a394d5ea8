#include "common/check_config.h"

#include "common/config_json.h"
#include "common/ctl_options.h"

namespace sup {

int run_check_config(const ServerOptions& options, const System& sys, std::ostream& out,
                     std::ostream& err) {
  ServerConfigLoad loaded = load_server_config(options, sys);
  if (!loaded.config) {
    if (options.json) {
      out << error_to_json(*loaded.error).dump(2, ' ', false) << "\n";
    } else {
      err << loaded.notice << loaded.exit->err;
    }
    return 2;
  }
  const Config& config = *loaded.config;
  if (options.json) {
    auto ctl = load_ctl_config(config.path, sys);
    out << config_to_json(config, ctl).dump(2, ' ', false) << "\n";
    return 0;
  }
  err << loaded.notice;
  std::size_t processes = 0;
  for (const auto& g : config.groups) processes += g.processes.size();
  out << config.path << ": OK, " << config.groups.size() << " groups, " << processes
      << " processes, " << config.warnings.size() << " warnings\n";
  for (const auto& w : config.warnings) out << "WARN " << w << "\n";
  return 0;
}

}  // namespace sup
