// exec: probes: the check command runs as a child of the daemon (through the Supervisor's
// Os, so the fake machine runs it too) with the program's user, directory, umask and
// environment, and /dev/null as stdin, stdout and stderr. Exit status 0 passes. The child
// leads a process group of its own; cancelling a probe whose child has not been reaped
// kills that group with SIGKILL. Its exit comes back through Supervisor::watch_child.
//
// Lifetime: `supervisor` must outlive the returned handle.
#pragma once

#include <memory>
#include <string>

#include "supervisord/health/probe.h"

namespace sup {

std::unique_ptr<Probe> start_exec_probe(Supervisor& supervisor, const Process& process, const std::string& command,
                                        ProbeDone done);

}  // namespace sup
