// The structures supervisor.* methods return (http-xmlrpc.md §7.10), written straight into
// an XML-RPC Writer with their members in Supervisor's order.
#pragma once

#include <string_view>

#include "supervisord/process.h"
#include "xmlrpc/writer.h"

namespace sup {

class Supervisor;

// getProcessInfo's struct; times are clamped to 32 bits as Supervisor's capped_int does.
void write_process_info(xmlrpc::Writer& out, const ProcessInfo& info);

// getAllConfigInfo's array over supervisor.pending_config(), sorted by process name.
void write_all_config_info(xmlrpc::Writer& out, const Supervisor& supervisor);

// A result struct of the group/all operations: {name, group, status, description}.
void write_result(xmlrpc::Writer& out, std::string_view name, std::string_view group, int status,
                  std::string_view description);

}  // namespace sup
