// The structures supervisor.* methods return (http-xmlrpc.md §7.10), written straight into
// an XML-RPC Writer with their members in Supervisor's order.
#pragma once

#include <functional>
#include <string>
#include <string_view>

#include "supervisord/core/process.h"
#include "xmlrpc/writer.h"

namespace sup {

class Supervisor;

// getProcessInfo's struct of `process.info()`; times are clamped to 32 bits as Supervisor's
// capped_int does. A program with a healthcheck (ours) has one member more, "health":
// health_name() of its health ("" while it is not RUNNING); no other struct changes.
void write_process_info(xmlrpc::Writer& out, const Process& process);

// getAllConfigInfo's array over supervisor.pending_config(), sorted by process name.
// AUTO log files show their chosen path for groups in use whose config has had its names
// chosen (`names_chosen(group)`), else 'auto'.
void write_all_config_info(xmlrpc::Writer& out, const Supervisor& supervisor,
                           const std::function<bool(const std::string& group)>& names_chosen);

// A result struct of the group/all operations: {name, group, status, description}.
void write_result(xmlrpc::Writer& out, std::string_view name, std::string_view group, int status,
                  std::string_view description);

}  // namespace sup
