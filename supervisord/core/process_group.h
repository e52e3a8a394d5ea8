// A group of processes from one [program:x] (numprocs instances), [group:x], event listener
// pool or FastCGI program, in the group's configured process order.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "common/config.h"
#include "supervisord/core/fcgi_socket.h"
#include "supervisord/core/process.h"
#include "supervisord/core/process_host.h"

namespace sup {

class ProcessGroup final {
 public:
  // `config` is one of `source`'s groups; the group keeps `source` alive for itself and its
  // processes, which refer to their configs in it.
  // `host` outlives the group.
  ProcessGroup(ProcessHost& host, std::shared_ptr<const Config> source, const GroupConfig& config);
  ProcessGroup(const ProcessGroup&) = delete;
  ProcessGroup& operator=(const ProcessGroup&) = delete;

  const GroupConfig& config() const { return config_; }
  const std::string& name() const { return config_.name; }
  int priority() const { return config_.priority; }
  // In the group's order (start order).
  const std::vector<std::unique_ptr<Process>>& processes() const { return processes_; }
  Process* find(const std::string& name) const;

  // Processes not in a stopped state (STOPPED, EXITED, FATAL, UNKNOWN).
  std::vector<Process*> unstopped() const;
  // Shutdown step: stop RUNNING/STARTING members in descending priority, BACKOFF -> FATAL.
  void stop_all();
  // [fcgi-program] groups only: the shared socket, else nullptr.
  FcgiSocket* fcgi_socket() const { return fcgi_.get(); }

 private:
  std::shared_ptr<const Config> source_;
  const GroupConfig& config_;
  std::unique_ptr<FcgiSocket> fcgi_;
  std::vector<std::unique_ptr<Process>> processes_;
};

}  // namespace sup
