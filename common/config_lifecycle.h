// Program options of our own that shape a process' life (README 'Options of our own'):
// start dependencies, health checks, backoff policy, fail-fast, environment files, resource
// limits and cgroups. Supervisor 4.2.5 ignores all of these keys. A program that sets none
// of them has no LifecycleConfig at all (ProcessConfig::lifecycle is null), so thousands of
// plain programs pay one pointer each.
#pragma once

#include <sys/resource.h>

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace sup {

// One entry of depends_on = a, b:healthy, group:c.
struct Dependency {
  enum class Condition { kRunning, kHealthy };
  std::string name;       // a program's group name, or a [group:x] name when `group` is set
  bool group = false;     // written as "group:c"
  Condition condition = Condition::kRunning;
  // Filled by the loader: the (group, process) names this dependency waits for.
  std::vector<std::pair<std::string, std::string>> targets;
};

struct HealthCheckConfig {
  enum class Kind { kHttp, kTcp, kExec };
  enum class Action { kNone, kRestart };
  Kind kind = Kind::kHttp;
  std::string target;  // the URL, "host:port", or the command line after "exec:"
  std::string spec;    // the value as written, for --check-config --json and messages
  double interval = 10;
  double timeout = 3;
  int retries = 3;
  double start_period = 0;
  Action action = Action::kNone;
};

struct EnvironmentFile {
  std::string path;
  bool optional = false;  // written with a leading '-'
};

struct ResourceLimit {
  int resource = RLIMIT_NOFILE;  // RLIMIT_*
  std::string key;               // "rlimit_nofile"
  rlim_t soft = RLIM_INFINITY;
  rlim_t hard = RLIM_INFINITY;
};

struct CgroupLimits {
  std::optional<std::string> memory_max;  // as written to memory.max ("512M" -> bytes, or "max")
  std::optional<std::string> cpu_max;     // as written to cpu.max ("50000 100000", "max")
  std::optional<std::string> pids_max;    // as written to pids.max
  bool any() const { return memory_max || cpu_max || pids_max; }
};

struct LifecycleConfig {
  std::vector<Dependency> depends_on;
  int depends_on_line = 0;  // where depends_on is written (0 = unknown), for cycle errors
  std::optional<HealthCheckConfig> healthcheck;

  enum class Backoff { kLinear, kExponential };
  Backoff backoff = Backoff::kLinear;
  std::optional<double> backoff_max;  // seconds
  double backoff_jitter = 0;          // fraction of the delay, 0..1
  double fatal_retry_after = 0;       // seconds; 0 = off

  enum class OnEvent { kIgnore, kShutdown };
  OnEvent on_fatal = OnEvent::kIgnore;
  OnEvent on_exit = OnEvent::kIgnore;

  std::vector<EnvironmentFile> environment_files;
  std::vector<ResourceLimit> rlimits;
  CgroupLimits cgroup;
};

}  // namespace sup
