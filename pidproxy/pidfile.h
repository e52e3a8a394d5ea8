// Reading the pid a program wrote into its pidfile.
#pragma once

#include <sys/types.h>

#include <optional>
#include <string>

namespace sup::pidproxy {

// The pid in `path`, read as Python's int(text.strip()) reads it (so "  4242\n" and "4_242"
// are 4242). nullopt when the file cannot be read, holds no number, or holds a number that
// is not a single process: 0 and negatives would signal whole process groups (or, for -1,
// every process), which Supervisor's pidproxy would do and we refuse.
std::optional<pid_t> read_pidfile(const std::string& path);

}  // namespace sup::pidproxy
