// The shell's history file in GNU readline's plain format (one entry per line), which is what
// Python's supervisorctl reads and writes, so both clients can share one file.
#pragma once

#include <string>
#include <vector>

namespace sup::ctl {

// Entries of `path`; empty if it cannot be read.
std::vector<std::string> load_history(const std::string& path);

// Replaces `path` with `entries`, creating it with mode 0600. Failure is silent, as in the
// reference (history is a convenience).
void save_history(const std::string& path, const std::vector<std::string>& entries);

}  // namespace sup::ctl
