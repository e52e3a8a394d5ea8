// Daemon settings the process core needs beyond the configuration file: derived from the
// environment and the [supervisord] section at each start-up.
#pragma once

#include <chrono>
#include <string>
#include <utility>
#include <vector>

namespace sup {

struct DaemonSettings {
  // supervisord's own environment at start-up: the base of every child's (process.md §5.4).
  std::vector<std::pair<std::string, std::string>> environment;
  // Daemon-wide SUPERVISOR_SERVER_URL ("" = not set), derived from the HTTP servers.
  std::string serverurl;
  // Crash-loop pacing (0 = Supervisor's tight loop): a run that dies less than this after its
  // spawn is a quick death. The first of a streak respawns at once; from the second on, the
  // respawn waits until this much time has passed since the spawn. A longer run, or a stop or
  // start by request, ends the streak.
  // supervisord takes it from the [supervisord] key respawn_pacing (milliseconds, default 1000).
  std::chrono::milliseconds respawn_pacing{1000};
};

}  // namespace sup
