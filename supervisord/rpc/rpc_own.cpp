#include "supervisord/rpc/rpc_own.h"

#include "common/own_namespace.h"
#include "supervisord/core/process_group.h"
#include "supervisord/rpc/rpc_namespec.h"
#include "supervisord/rpc/rpc_params.h"
#include "supervisord/rpc/rpc_process_ops.h"
#include "xmlrpc/faults.h"

namespace sup {
namespace {

namespace faults = xmlrpc::faults;
using xmlrpc::Array;
using xmlrpc::Responder;
using xmlrpc::Struct;
using xmlrpc::Value;

Value rotate_result(Process& process) {
  bool ok = process.rotate_logs();
  Struct r;
  r["name"] = Value(process.name());
  r["group"] = Value(process.group().name());
  r["status"] = Value(ok ? faults::kSuccess : faults::kFailed);
  r["description"] = Value(std::string(ok ? "OK" : "FAILED"));
  return Value(std::move(r));
}

}  // namespace

Value figures_value(const ProcessFigures& f) {
  const Process& p = *f.process;
  Struct s;
  s["name"] = Value(p.name());
  s["group"] = Value(p.group().name());
  s["pid"] = Value(static_cast<std::int64_t>(f.pid));
  s["statename"] = Value(std::string(process_state_name(p.state())));
  s["sampled"] = Value(f.sample.has_value());
  const ProcSample none;
  const ProcSample& x = f.sample ? *f.sample : none;
  s["cpu_seconds"] = Value(x.cpu_seconds + x.children_cpu_seconds);
  s["cpu_percent"] = Value(f.cpu_percent);
  s["rss_bytes"] = Value(static_cast<double>(x.rss_bytes));
  s["open_fds"] = Value(f.sample ? x.open_fds : 0);
  s["threads"] = Value(x.threads);
  s["restarts"] = Value(f.restarts);
  s["last_exit_status"] = Value(f.exit_code.value_or(0));
  s["last_exit_signal"] = Value(f.exit_signal);
  s["last_exit_time"] = Value(f.last_exit_time);
  s["stdout_log_bytes"] = Value(static_cast<double>(f.stdout_bytes));
  s["stderr_log_bytes"] = Value(static_cast<double>(f.stderr_bytes));
  return Value(std::move(s));
}

void OwnRpc::register_methods(xmlrpc::Registry& registry) {
  auto bind = [this](void (OwnRpc::*m)(const Array&, const Responder&)) -> xmlrpc::MethodHandler {
    return [this, m](const Array& params, const Responder& respond) { (this->*m)(params, respond); };
  };
  auto add = [&](const char* name, std::vector<std::string> signature, const char* help, xmlrpc::MethodHandler h) {
    xmlrpc::Method method;
    method.name = own_method(name);
    method.signature = std::move(signature);
    method.help = help;
    method.handler = std::move(h);
    method.listed = false;
    registry.add(std::move(method));
  };
  add("getProcessStats", {"struct", "string"},
      "Get figures of one process: CPU, memory, descriptors, threads, restarts, last exit, log bytes.\n\n"
      "@param string name The name of the process (or 'group:name')\n"
      "@return struct result A structure of figures\n",
      bind(&OwnRpc::get_process_stats));
  add("getAllProcessStats", {"array"},
      "Get figures of every process.\n\n@return array result An array of figure structures\n",
      bind(&OwnRpc::get_all_process_stats));
  add("rotateProcessLogs", {"array", "string"},
      "Rotate the log files of a process, or of a group with 'group:*'.\n\n"
      "@param string name The name of the process (or 'group:name', or 'group:*')\n"
      "@return array result An array of rotation status info structs\n",
      bind(&OwnRpc::rotate_process_logs));
  add("rotateAllProcessLogs", {"array"},
      "Rotate the log files of every process.\n\n@return array result An array of rotation status info structs\n",
      bind(&OwnRpc::rotate_all_process_logs));
}

void OwnRpc::get_process_stats(const Array& params, const Responder& respond) {
  auto name = namespec_param(params[0]);
  if (auto* e = std::get_if<ParamError>(&name)) return respond_error(respond, std::move(*e));
  auto process = resolve_process(supervisor_, std::get<std::string>(name));
  if (auto* f = std::get_if<xmlrpc::Fault>(&process)) return respond(std::move(*f));
  respond(figures_value(sampler_.figures(*std::get<Process*>(process))));
}

void OwnRpc::get_all_process_stats(const Array&, const Responder& respond) {
  Array out;
  for (const ProcessFigures& f : sampler_.all(processes_by_name(supervisor_))) out.push_back(figures_value(f));
  respond(Value(std::move(out)));
}

void OwnRpc::rotate_process_logs(const Array& params, const Responder& respond) {
  auto name = namespec_param(params[0]);
  if (auto* e = std::get_if<ParamError>(&name)) return respond_error(respond, std::move(*e));
  auto target = resolve_namespec(supervisor_, std::get<std::string>(name));
  if (auto* f = std::get_if<xmlrpc::Fault>(&target)) return respond(std::move(*f));
  const NamespecTarget& t = std::get<NamespecTarget>(target);
  Array out;
  if (t.process != nullptr) {
    out.push_back(rotate_result(*t.process));
  } else {
    for (Process* p : group_members_by_priority(*t.group)) out.push_back(rotate_result(*p));
  }
  respond(Value(std::move(out)));
}

void OwnRpc::rotate_all_process_logs(const Array&, const Responder& respond) {
  Array out;
  for (Process* p : all_processes_by_priority(supervisor_)) out.push_back(rotate_result(*p));
  respond(Value(std::move(out)));
}

}  // namespace sup
