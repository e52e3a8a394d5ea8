// cgroup v2 for children (ours: [supervisord] cgroup_root): each process gets a cgroup of its
// own below the root, named by its namespec, with its program's limits written into it. The
// child joins it before exec; killing the cgroup ends every descendant at once, so a stop
// leaves none behind.
#pragma once

#include <optional>
#include <string>
#include <variant>

#include "common/config_lifecycle.h"
#include "supervisord/child/spawn_error.h"

namespace sup {

// <root>/<group>:<name>.
std::string cgroup_path(const std::string& root, const std::string& group, const std::string& name);

// Creates the cgroup if needed, writes the limits (memory.max, cpu.max, pids.max) and opens
// its cgroup.procs for writing (close-on-exec). A kCgroup error names the file that failed.
std::variant<int, SpawnError> open_cgroup(const std::string& path, const CgroupLimits& limits);

// Writes "1" to cgroup.kill (Linux 5.14+), or SIGKILLs each pid in cgroup.procs without it.
void kill_cgroup(const std::string& path);

// Start-up check of the root: a writable cgroup v2 directory whose subtree can use the
// controllers `limits` need (enabled in cgroup.subtree_control here when they are not yet).
// Returns the error text supervisord prints, or nullopt.
std::optional<std::string> check_cgroup_root(const std::string& root, const CgroupLimits& needed);

}  // namespace sup
