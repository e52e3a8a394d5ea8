// Our XML-RPC methods, in the namespace of common/own_namespace.h (supervisor_cpp.*): process
// figures and log rotation. Unlisted in system.listMethods so that its answer stays
// Supervisor's; registered beside supervisor.* (same [rpcinterface:supervisor] rule, same
// SHUTDOWN_STATE-free behaviour: they change no process state).
//
//   getProcessStats(name) -> struct       getAllProcessStats() -> array of struct
//   rotateProcessLogs(name) -> array      rotateAllProcessLogs() -> array
//
// A stats struct: name, group, pid, statename, sampled (a live child answered in /proc),
// cpu_seconds, cpu_percent, rss_bytes, open_fds, threads, restarts, last_exit_status,
// last_exit_signal, last_exit_time, stdout_log_bytes, stderr_log_bytes. Byte counts are
// doubles: an XML-RPC int has 32 bits. A rotate result: name, group, status (80 SUCCESS or
// 30 FAILED) and description, as Supervisor's group results.
//
// Lifetime: as SupervisorRpc; `supervisor` and `sampler` outlive it.
#pragma once

#include "supervisord/core/supervisor.h"
#include "supervisord/rpc/process_figures.h"
#include "xmlrpc/registry.h"

namespace sup {

class OwnRpc final {
 public:
  OwnRpc(Supervisor& supervisor, FigureSampler& sampler) : supervisor_(supervisor), sampler_(sampler) {}
  OwnRpc(const OwnRpc&) = delete;
  OwnRpc& operator=(const OwnRpc&) = delete;

  void register_methods(xmlrpc::Registry& registry);

 private:
  void get_process_stats(const xmlrpc::Array& params, const xmlrpc::Responder& respond);
  void get_all_process_stats(const xmlrpc::Array& params, const xmlrpc::Responder& respond);
  void rotate_process_logs(const xmlrpc::Array& params, const xmlrpc::Responder& respond);
  void rotate_all_process_logs(const xmlrpc::Array& params, const xmlrpc::Responder& respond);

  Supervisor& supervisor_;
  FigureSampler& sampler_;
};

// The stats struct of one process (also the web page's figures).
xmlrpc::Value figures_value(const ProcessFigures& figures);

}  // namespace sup
