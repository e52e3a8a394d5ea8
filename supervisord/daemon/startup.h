// Start-up steps of one supervisord incarnation that touch the machine: privilege drop,
// resource limits, AUTO log clean-up, daemonizing and the pidfile (process.md §9).
#pragma once

#include <string>
#include <vector>

#include "common/config.h"
#include "common/log_main.h"

namespace sup {

// Messages collected before the main log exists, logged CRIT, then WARN, then INFO.
struct StartupMessages {
  std::vector<std::string> criticals;
  std::vector<std::string> warnings;
  std::vector<std::string> infos;
  void log_to(MainLog& log) const;
};

// §9.2. Returns the error text ("Can't drop privilege as nonroot user") or "".
std::string drop_privileges(const SupervisordConfig& config, StartupMessages& messages);

// §9.3 (first start only). Returns the full error text or "".
std::string raise_rlimits(const SupervisordConfig& config, StartupMessages& messages);

// logging.md §2.4: deletes old AUTO child logs of this identifier.
void clear_auto_child_logs(const SupervisordConfig& config, MainLog& log);

// §9.5: forks; the parent exits 0; the child detaches and logs what it did.
void daemonize(const SupervisordConfig& config, MainLog& log);

// §9.6: writes "<pid>\n"; returns false (and logs CRIT) on failure.
bool write_pidfile(const std::string& path, MainLog& log);

}  // namespace sup
