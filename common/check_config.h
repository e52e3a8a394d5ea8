// supervisord --check-config [--json]: load the configuration as start-up would, report and
// exit, starting nothing.
#pragma once

#include <ostream>

#include "common/server_options.h"
#include "common/system.h"

namespace sup {

// Without json: "<file>: OK, N groups, M processes, K warnings" plus one "WARN ..." line per
// warning on `out`, returns 0; on error the usage error text on `err`, returns 2.
// With json: the canonical JSON document of ../shared/corpus/README.md on `out`
// ({"error": ...} on failure, still returning 2).
int run_check_config(const ServerOptions& options, const System& sys, std::ostream& out,
                     std::ostream& err);

}  // namespace sup
