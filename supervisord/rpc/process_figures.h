// The figures of supervised processes (ours: supervisor_cpp.getProcessStats, status --stats,
// /metrics and the web page): what the core counts (restarts, last exit, log bytes) and what
// /proc says of the live child (CPU, memory, descriptors, threads), sampled only when asked.
//
// One sampler per incarnation, shared by the RPC methods and /metrics; it remembers the last
// CPU reading of each child so that a CPU % covers the interval since the previous question
// (the child's whole life on the first). Loop thread only. `os` outlives the sampler.
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "common/proc_stats.h"
#include "supervisord/child/os.h"
#include "supervisord/core/process.h"

namespace sup {

struct ProcessFigures {
  const Process* process = nullptr;
  pid_t pid = 0;
  std::optional<ProcSample> sample;  // while a child runs and /proc answers
  double cpu_percent = 0;
  int restarts = 0;
  // The latest exit: the exit code (-1 after a signal, as getProcessInfo's exitstatus) and
  // the signal (0 when it exited); nullopt before any exit.
  std::optional<int> exit_code;
  int exit_signal = 0;
  std::int64_t last_exit_time = 0;
  std::uint64_t stdout_bytes = 0;
  std::uint64_t stderr_bytes = 0;
};

class Supervisor;

class FigureSampler final {
 public:
  explicit FigureSampler(Os& os, std::string proc_root = "/proc");

  ProcessFigures figures(const Process& process);
  // Every process, in getAllProcessInfo's order (group name, then name); forgets children
  // that are gone.
  std::vector<ProcessFigures> all(const std::vector<const Process*>& processes);

 private:
  struct Reading {
    double cpu_seconds;
    MonotonicTime at;
  };
  Os& os_;
  std::string proc_root_;
  std::map<pid_t, Reading> last_;
};

// Every process of the supervisor sorted as getAllProcessInfo sorts them.
std::vector<const Process*> processes_by_name(const Supervisor& supervisor);

}  // namespace sup
