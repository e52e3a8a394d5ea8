// The supervisor.* XML-RPC namespace (http-xmlrpc.md §7.5-§7.11): every method of Supervisor
// 4.2.5's SupervisorNamespaceRPCInterface, aliases included, on top of the Supervisor API.
//
// Lifetime: one per daemon incarnation, created after the groups and destroyed before the
// Supervisor. Deferred answers (wait=true) are Supervisor waiters that hold only the
// Supervisor and shared state, never this object, so they may outlive it.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "supervisord/rpc/rpc_namespec.h"
#include "supervisord/core/supervisor.h"
#include "xmlrpc/registry.h"

namespace sup {

class SupervisorRpc final : public SupervisorObserver {
 public:
  explicit SupervisorRpc(Supervisor& supervisor);
  ~SupervisorRpc() override;
  SupervisorRpc(const SupervisorRpc&) = delete;
  SupervisorRpc& operator=(const SupervisorRpc&) = delete;

  // Adds every supervisor.* method to `registry`, with Supervisor's help texts and
  // signatures, and installs the SHUTDOWN_STATE rule (§7.7) as its call filter. This object
  // must outlive the registry's use.
  void register_methods(xmlrpc::Registry& registry);

  // SHUTDOWN_STATE for supervisor.* (but sendRemoteCommEvent) while shutting down or
  // restarting; nullopt otherwise.
  std::optional<xmlrpc::Fault> shutdown_filter(std::string_view method) const;

  void on_group_removed(const std::string& name) override;

 private:
  // Handlers, one per method; params have passed the registry's arity check.
  void get_state(const xmlrpc::Array& params, const xmlrpc::Responder& respond);
  void read_log(const xmlrpc::Array& params, const xmlrpc::Responder& respond);
  void clear_log(const xmlrpc::Array& params, const xmlrpc::Responder& respond);
  void reload_config(const xmlrpc::Array& params, const xmlrpc::Responder& respond);
  void add_process_group(const xmlrpc::Array& params, const xmlrpc::Responder& respond);
  void remove_process_group(const xmlrpc::Array& params, const xmlrpc::Responder& respond);
  void start_process(const xmlrpc::Array& params, const xmlrpc::Responder& respond);
  void start_process_group(const xmlrpc::Array& params, const xmlrpc::Responder& respond);
  void start_all_processes(const xmlrpc::Array& params, const xmlrpc::Responder& respond);
  void stop_process(const xmlrpc::Array& params, const xmlrpc::Responder& respond);
  void stop_process_group(const xmlrpc::Array& params, const xmlrpc::Responder& respond);
  void stop_all_processes(const xmlrpc::Array& params, const xmlrpc::Responder& respond);
  void signal_process(const xmlrpc::Array& params, const xmlrpc::Responder& respond);
  void signal_process_group(const xmlrpc::Array& params, const xmlrpc::Responder& respond);
  void signal_all_processes(const xmlrpc::Array& params, const xmlrpc::Responder& respond);
  void get_all_config_info(const xmlrpc::Array& params, const xmlrpc::Responder& respond);
  void get_process_info(const xmlrpc::Array& params, const xmlrpc::Responder& respond);
  void get_all_process_info(const xmlrpc::Array& params, const xmlrpc::Responder& respond);
  void read_process_log(const xmlrpc::Array& params, const xmlrpc::Responder& respond, Channel channel);
  void tail_process_log(const xmlrpc::Array& params, const xmlrpc::Responder& respond, Channel channel);
  void clear_process_logs(const xmlrpc::Array& params, const xmlrpc::Responder& respond);
  void clear_all_process_logs(const xmlrpc::Array& params, const xmlrpc::Responder& respond);
  void send_process_stdin(const xmlrpc::Array& params, const xmlrpc::Responder& respond);
  void send_remote_comm_event(const xmlrpc::Array& params, const xmlrpc::Responder& respond);

  // Start/stop of several processes (a group, or all) in the given order, answered as one.
  void start_members(const std::vector<Process*>& members, bool wait, const xmlrpc::Responder& respond);
  void stop_members(const std::vector<Process*>& members, bool wait, const xmlrpc::Responder& respond);
  // params[0] as a namespec: the target, or nullopt after answering the fault.
  std::optional<NamespecTarget> target_param(const xmlrpc::Value& param, const xmlrpc::Responder& respond,
                                             std::string& namespec);
  void signal_group(ProcessGroup& group, const xmlrpc::Value& signal, const xmlrpc::Responder& respond);

  Supervisor& supervisor_;
  // Supervisor's getAllConfigInfo reads the config objects of the last re-read, in which
  // AUTO log names are chosen only for groups added since: until a re-read every group shows
  // its names, after one only those added by addProcessGroup.
  bool reread_ = false;
  std::set<std::string> added_since_reread_;
  // Bumped on every group removal; see ProcessHandle.
  std::shared_ptr<std::uint64_t> removals_ = std::make_shared<std::uint64_t>(0);
};

}  // namespace sup
