// Figures of one Linux process read from /proc (ours: status --stats, /metrics): CPU time,
// memory, threads, open descriptors. Read only when a client asks; nothing is cached here.
// The root is a parameter so that tests can point it at a directory of their own.
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace sup {

struct ProcSample {
  // utime + stime, and the same of its reaped children (cutime + cstime), in seconds.
  double cpu_seconds = 0;
  double children_cpu_seconds = 0;
  std::int64_t rss_bytes = 0;
  std::int64_t vsize_bytes = 0;
  int threads = 0;
  int open_fds = -1;               // -1: /proc/<pid>/fd not readable
  std::int64_t max_fds = -1;       // soft RLIMIT_NOFILE, -1: unknown or unlimited
  double start_time_seconds = 0;   // epoch seconds, 0: unknown
};

// The fields of /proc/<pid>/stat we use, in clock ticks and pages.
struct ProcStatFields {
  std::uint64_t utime = 0, stime = 0, cutime = 0, cstime = 0;
  std::int64_t threads = 0;
  std::uint64_t starttime = 0;  // ticks after boot
  std::uint64_t vsize = 0;      // bytes
  std::int64_t rss_pages = 0;
};
// Parses the text of /proc/<pid>/stat (the command name may hold spaces and parentheses).
std::optional<ProcStatFields> parse_proc_stat(std::string_view text);

// nullopt when the process does not exist (or /proc/<pid>/stat cannot be read).
std::optional<ProcSample> sample_process(pid_t pid, const std::string& proc_root = "/proc");

}  // namespace sup
