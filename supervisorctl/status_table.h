// The `status` table layout: name column max(30, longest name) + 3 wide, state column 10,
// then the description; for a program with a healthcheck (ours), its health word after it.
#pragma once

#include <vector>

#include "xmlrpc/value.h"

namespace sup::ctl {

class Session;

// Prints one row per process-info struct, in the given order.
void print_status_table(Session& session, const std::vector<const xmlrpc::Value*>& infos);

// Ours: `status --stats` (Supervisor's columns, then the figures of
// supervisor_cpp.getAllProcessStats) and `status --json` (one array of getProcessInfo
// structs, with the figures merged in when --stats is given too).
struct StatusFormat {
  bool json = false;
  bool stats = false;
};
void print_status_extended(Session& session, const std::vector<const xmlrpc::Value*>& infos, StatusFormat format);

}  // namespace sup::ctl
