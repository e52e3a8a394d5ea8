// Supervisor's equality of group and process configurations, used by reread/update
// (process.md §8.3) to tell changed groups from unchanged ones.
#pragma once

#include "common/config.h"

namespace sup {

bool process_configs_equal(const ProcessConfig& a, const ProcessConfig& b);
// `running` is the active group, `candidate` the re-read one (the kind check is one-sided,
// as in Supervisor).
bool group_configs_equal(const GroupConfig& running, const GroupConfig& candidate);

}  // namespace sup
