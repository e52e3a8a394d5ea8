#include "supervisord/rpc/rpc_supervisor.h"

#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <map>

#include "supervisord/core/process_group.h"
#include "supervisord/rpc/rpc_docs.h"
#include "supervisord/rpc/rpc_info.h"
#include "supervisord/rpc/rpc_log_read.h"
#include "supervisord/rpc/rpc_namespec.h"
#include "supervisord/rpc/rpc_params.h"
#include "supervisord/rpc/rpc_process_ops.h"
#include "xmlrpc/faults.h"
#include "xmlrpc/writer.h"

namespace sup {
namespace {

namespace faults = xmlrpc::faults;
using xmlrpc::Array;
using xmlrpc::Responder;
using xmlrpc::Value;

constexpr std::string_view kApiVersion = "3.0";
constexpr std::string_view kSupervisorVersion = "4.2.5";
constexpr std::string_view kPrefix = "supervisor.";

xmlrpc::Fault fault(int code) { return xmlrpc::Fault{code, faults::text(code)}; }
xmlrpc::Fault fault(int code, std::string_view detail) { return xmlrpc::Fault{code, faults::text(code, detail)}; }

bool path_exists(const std::string& path) {
  struct stat st {};
  return !path.empty() && ::stat(path.c_str(), &st) == 0;
}

bool wait_param(const Array& params, std::size_t index) {
  return params.size() <= index || py_truthy(params[index]);
}

// process_groups.get(name): unhashable values raise TypeError; others are just not found.
std::variant<ProcessGroup*, ParamError> group_param(const Supervisor& supervisor, const Value& value) {
  if (value.is_array() || value.is_struct()) return ParamError(fault(faults::kIncorrectParameters));
  if (value.is_string()) {
    if (ProcessGroup* group = supervisor.find_group(value.as_string())) return group;
  }
  return ParamError(fault(faults::kBadName, py_str(value)));
}

// The int() conversions of offset and length, in argument order.
struct ByteRange {
  std::int64_t offset = 0;
  std::int64_t length = 0;
};
std::variant<ByteRange, ParamError> range_params(const Value& offset, const Value& length) {
  auto o = py_int(offset);
  if (auto* e = std::get_if<ParamError>(&o)) return std::move(*e);
  auto l = py_int(length);
  if (auto* e = std::get_if<ParamError>(&l)) return std::move(*e);
  return ByteRange{std::get<std::int64_t>(o), std::get<std::int64_t>(l)};
}

void reply_log_read(const Responder& respond, const std::string& path, const Value& offset, const Value& length) {
  auto range = range_params(offset, length);
  if (auto* e = std::get_if<ParamError>(&range)) {
    // readFile()'s ValueError handler turns int()'s ValueError into an AttributeError (500).
    respond_error(respond, std::move(*e));
    return;
  }
  const ByteRange& r = std::get<ByteRange>(range);
  auto data = read_log_range(path, r.offset, r.length);
  if (auto* error = std::get_if<LogReadError>(&data)) {
    respond(fault(*error == LogReadError::kBadArguments ? faults::kBadArguments : faults::kFailed));
    return;
  }
  // Raw bytes: the XML writer replaces what XML cannot carry (invalid UTF-8, control bytes),
  // where Supervisor answers HTTP 500 or invalid XML. Offsets stay in bytes.
  respond(Value(std::get<std::string>(std::move(data))));
}

Value string_array(const std::vector<std::string>& items) {
  Array out;
  out.reserve(items.size());
  for (const auto& s : items) out.emplace_back(s);
  return out;
}

}  // namespace

SupervisorRpc::SupervisorRpc(Supervisor& supervisor) : supervisor_(supervisor) { supervisor_.add_observer(this); }

SupervisorRpc::~SupervisorRpc() { supervisor_.remove_observer(this); }

void SupervisorRpc::on_group_removed(const std::string& name) {
  (void)name;
  ++*removals_;
}

std::optional<xmlrpc::Fault> SupervisorRpc::shutdown_filter(std::string_view method) const {
  if (method.substr(0, kPrefix.size()) != kPrefix) return std::nullopt;
  if (method == "supervisor.sendRemoteCommEvent") return std::nullopt;
  SupervisorState state = supervisor_.state();
  if (state != SupervisorState::kRestarting && state != SupervisorState::kShutdown) return std::nullopt;
  return fault(faults::kShutdownState);
}

void SupervisorRpc::register_methods(xmlrpc::Registry& registry) {
  using Handler = xmlrpc::MethodHandler;
  auto bind = [this](void (SupervisorRpc::*m)(const Array&, const Responder&)) -> Handler {
    return [this, m](const Array& params, const Responder& respond) { (this->*m)(params, respond); };
  };
  auto bind_channel = [this](void (SupervisorRpc::*m)(const Array&, const Responder&, Channel),
                             Channel channel) -> Handler {
    return [this, m, channel](const Array& params, const Responder& respond) { (this->*m)(params, respond, channel); };
  };
  auto constant = [](Value v) -> Handler {
    return [v = std::move(v)](const Array&, const Responder& respond) { respond(v); };
  };
  Supervisor& sup = supervisor_;
  const std::map<std::string_view, Handler> handlers{
      {"getAPIVersion", constant(Value(std::string(kApiVersion)))},
      {"getVersion", constant(Value(std::string(kApiVersion)))},
      {"getSupervisorVersion", constant(Value(std::string(kSupervisorVersion)))},
      {"getIdentification",
       [&sup](const Array&, const Responder& respond) { respond(Value(sup.config().supervisord.identifier)); }},
      {"getState", bind(&SupervisorRpc::get_state)},
      {"getPID", [](const Array&, const Responder& respond) { respond(Value(static_cast<std::int64_t>(::getpid()))); }},
      {"readLog", bind(&SupervisorRpc::read_log)},
      {"readMainLog", bind(&SupervisorRpc::read_log)},
      {"clearLog", bind(&SupervisorRpc::clear_log)},
      {"shutdown",
       [&sup](const Array&, const Responder& respond) {
         sup.request_shutdown();
         respond(Value(true));
       }},
      {"restart",
       [&sup](const Array&, const Responder& respond) {
         sup.request_restart();
         respond(Value(true));
       }},
      {"reloadConfig", bind(&SupervisorRpc::reload_config)},
      {"addProcessGroup", bind(&SupervisorRpc::add_process_group)},
      {"removeProcessGroup", bind(&SupervisorRpc::remove_process_group)},
      {"startProcess", bind(&SupervisorRpc::start_process)},
      {"startProcessGroup", bind(&SupervisorRpc::start_process_group)},
      {"startAllProcesses", bind(&SupervisorRpc::start_all_processes)},
      {"stopProcess", bind(&SupervisorRpc::stop_process)},
      {"stopProcessGroup", bind(&SupervisorRpc::stop_process_group)},
      {"stopAllProcesses", bind(&SupervisorRpc::stop_all_processes)},
      {"signalProcess", bind(&SupervisorRpc::signal_process)},
      {"signalProcessGroup", bind(&SupervisorRpc::signal_process_group)},
      {"signalAllProcesses", bind(&SupervisorRpc::signal_all_processes)},
      {"getAllConfigInfo", bind(&SupervisorRpc::get_all_config_info)},
      {"getProcessInfo", bind(&SupervisorRpc::get_process_info)},
      {"getAllProcessInfo", bind(&SupervisorRpc::get_all_process_info)},
      {"readProcessStdoutLog", bind_channel(&SupervisorRpc::read_process_log, Channel::kStdout)},
      {"readProcessLog", bind_channel(&SupervisorRpc::read_process_log, Channel::kStdout)},
      {"readProcessStderrLog", bind_channel(&SupervisorRpc::read_process_log, Channel::kStderr)},
      {"tailProcessStdoutLog", bind_channel(&SupervisorRpc::tail_process_log, Channel::kStdout)},
      {"tailProcessLog", bind_channel(&SupervisorRpc::tail_process_log, Channel::kStdout)},
      {"tailProcessStderrLog", bind_channel(&SupervisorRpc::tail_process_log, Channel::kStderr)},
      {"clearProcessLogs", bind(&SupervisorRpc::clear_process_logs)},
      {"clearProcessLog", bind(&SupervisorRpc::clear_process_logs)},
      {"clearAllProcessLogs", bind(&SupervisorRpc::clear_all_process_logs)},
      {"sendProcessStdin", bind(&SupervisorRpc::send_process_stdin)},
      {"sendRemoteCommEvent", bind(&SupervisorRpc::send_remote_comm_event)},
  };
  // Python's defaults: `wait` may be left out.
  const std::map<std::string_view, int> optional_wait{
      {"startProcess", 1}, {"startProcessGroup", 1}, {"startAllProcesses", 0},
      {"stopProcess", 1},  {"stopProcessGroup", 1},  {"stopAllProcesses", 0},
  };
  for (const RpcMethodDoc& doc : supervisor_method_docs()) {
    auto handler = handlers.find(doc.name);
    if (handler == handlers.end()) continue;
    xmlrpc::Method method;
    method.name = std::string(kPrefix) + std::string(doc.name);
    method.signature.assign(doc.signature.begin(), doc.signature.end());
    method.help = std::string(doc.help);
    if (auto it = optional_wait.find(doc.name); it != optional_wait.end()) method.min_params = it->second;
    method.handler = handler->second;
    registry.add(std::move(method));
  }
  registry.set_call_filter([this](std::string_view method) { return shutdown_filter(method); });
}

void SupervisorRpc::get_state(const Array&, const Responder& respond) {
  SupervisorState state = supervisor_.state();
  xmlrpc::EncodedValue encoded;
  xmlrpc::Writer out(encoded.xml);
  out.begin_struct();
  out.member_int("statecode", static_cast<int>(state));
  out.member_string("statename", supervisor_state_name(state));
  out.end_struct();
  respond(std::move(encoded));
}

void SupervisorRpc::read_log(const Array& params, const Responder& respond) {
  std::string path = supervisor_.log().path();
  if (path.empty()) {
    // No log file: "syslog" is reported as a missing file named so, as Supervisor does.
    const std::string& configured = supervisor_.config().supervisord.logfile;
    respond(configured.empty() ? fault(faults::kNoFile) : fault(faults::kNoFile, configured));
    return;
  }
  if (!path_exists(path)) {
    respond(fault(faults::kNoFile, path));
    return;
  }
  reply_log_read(respond, path, params[0], params[1]);
}

void SupervisorRpc::clear_log(const Array&, const Responder& respond) {
  std::string path = supervisor_.log().path();
  if (!path_exists(path)) {
    respond(fault(faults::kNoFile));
    return;
  }
  if (supervisor_.log().clear()) {
    respond(fault(faults::kFailed));
    return;
  }
  supervisor_.log().info("reopening log file");
  respond(Value(true));
}

void SupervisorRpc::reload_config(const Array&, const Responder& respond) {
  auto diff = supervisor_.reread_config();
  if (auto* error = std::get_if<std::string>(&diff)) {
    respond(fault(faults::kCantReread, *error));
    return;
  }
  reread_ = true;
  added_since_reread_.clear();
  const ConfigDiff& d = std::get<ConfigDiff>(diff);
  // [[added, changed, removed]]: Supervisor wraps the triple once more.
  Array triple{string_array(d.added), string_array(d.changed), string_array(d.removed)};
  respond(Value(Array{Value(std::move(triple))}));
}

void SupervisorRpc::add_process_group(const Array& params, const Responder& respond) {
  const Value& name = params[0];
  if (!name.is_string()) {
    respond(fault(faults::kBadName, py_str(name)));
    return;
  }
  switch (supervisor_.add_group(name.as_string())) {
    case Supervisor::GroupChange::kOk:
      added_since_reread_.insert(name.as_string());
      respond(Value(true));
      return;
    case Supervisor::GroupChange::kAlreadyAdded:
      respond(fault(faults::kAlreadyAdded, name.as_string()));
      return;
    default:
      respond(fault(faults::kBadName, name.as_string()));
      return;
  }
}

void SupervisorRpc::remove_process_group(const Array& params, const Responder& respond) {
  auto group = group_param(supervisor_, params[0]);
  if (auto* e = std::get_if<ParamError>(&group)) {
    respond_error(respond, std::move(*e));
    return;
  }
  const std::string name = std::get<ProcessGroup*>(group)->name();
  switch (supervisor_.remove_group(name)) {
    case Supervisor::GroupChange::kOk:
      respond(Value(true));
      return;
    case Supervisor::GroupChange::kStillRunning:
      respond(fault(faults::kStillRunning, name));
      return;
    default:
      respond(fault(faults::kBadName, name));
      return;
  }
}

std::optional<NamespecTarget> SupervisorRpc::target_param(const Value& param, const Responder& respond,
                                                         std::string& namespec) {
  auto name = namespec_param(param);
  if (auto* e = std::get_if<ParamError>(&name)) {
    respond_error(respond, std::move(*e));
    return std::nullopt;
  }
  namespec = std::get<std::string>(name);
  auto target = resolve_namespec(supervisor_, namespec);
  if (auto* f = std::get_if<xmlrpc::Fault>(&target)) {
    respond(std::move(*f));
    return std::nullopt;
  }
  return std::get<NamespecTarget>(target);
}

void SupervisorRpc::start_process(const Array& params, const Responder& respond) {
  std::string namespec;
  const std::optional<NamespecTarget> target = target_param(params[0], respond, namespec);
  if (!target) return;
  const NamespecTarget& t = *target;
  const bool wait = wait_param(params, 1);
  if (t.process == nullptr) return start_members(group_members_by_priority(*t.group), wait, respond);
  finish_op(supervisor_, start_one(supervisor_, *t.process, namespec, wait, removals_), respond);
}

void SupervisorRpc::start_members(const std::vector<Process*>& members, bool wait, const Responder& respond) {
  Supervisor& sup = supervisor_;
  RemovalCounter removals = removals_;
  run_group_op(
      sup, members, [](const Process& p) { return !is_running_state(p.state()); },
      [&sup, removals, wait](Process& p, const std::string& ns) { return start_one(sup, p, ns, wait, removals); },
      respond);
}

void SupervisorRpc::start_process_group(const Array& params, const Responder& respond) {
  auto group = group_param(supervisor_, params[0]);
  if (auto* e = std::get_if<ParamError>(&group)) return respond_error(respond, std::move(*e));
  start_members(group_members_by_priority(*std::get<ProcessGroup*>(group)), wait_param(params, 1), respond);
}

void SupervisorRpc::start_all_processes(const Array& params, const Responder& respond) {
  start_members(all_processes_by_priority(supervisor_), wait_param(params, 0), respond);
}

void SupervisorRpc::stop_process(const Array& params, const Responder& respond) {
  std::string namespec;
  const std::optional<NamespecTarget> target = target_param(params[0], respond, namespec);
  if (!target) return;
  const NamespecTarget& t = *target;
  const bool wait = wait_param(params, 1);
  if (t.process == nullptr) return stop_members(group_members_by_priority(*t.group), wait, respond);
  finish_op(supervisor_, stop_one(supervisor_, *t.process, namespec, wait, removals_), respond);
}

void SupervisorRpc::stop_members(const std::vector<Process*>& members, bool wait, const Responder& respond) {
  Supervisor& sup = supervisor_;
  RemovalCounter removals = removals_;
  run_group_op(
      sup, members, [](const Process& p) { return is_running_state(p.state()); },
      [&sup, removals, wait](Process& p, const std::string& ns) {
        return stop_one(sup, p, ns, wait, removals, ReapAfterStop::kOnSigchld);
      },
      respond);
}

void SupervisorRpc::stop_process_group(const Array& params, const Responder& respond) {
  auto group = group_param(supervisor_, params[0]);
  if (auto* e = std::get_if<ParamError>(&group)) return respond_error(respond, std::move(*e));
  stop_members(group_members_by_priority(*std::get<ProcessGroup*>(group)), wait_param(params, 1), respond);
}

void SupervisorRpc::stop_all_processes(const Array& params, const Responder& respond) {
  stop_members(all_processes_by_priority(supervisor_), wait_param(params, 0), respond);
}

void SupervisorRpc::signal_process(const Array& params, const Responder& respond) {
  std::string namespec;
  const std::optional<NamespecTarget> target = target_param(params[0], respond, namespec);
  if (!target) return;
  const NamespecTarget& t = *target;
  if (t.process == nullptr) return signal_group(*t.group, params[1], respond);
  respond(signal_one(supervisor_, *t.process, namespec, params[1]));
}

void SupervisorRpc::signal_group(ProcessGroup& group, const Value& signal, const Responder& respond) {
  run_group_op(
      supervisor_, group_members_by_priority(group), [](const Process& p) { return is_signallable_state(p.state()); },
      [&sup = supervisor_, &signal](Process& p, const std::string& ns) { return ProcessOp{signal_one(sup, p, ns, signal), {}}; }, respond);
}

void SupervisorRpc::signal_process_group(const Array& params, const Responder& respond) {
  auto group = group_param(supervisor_, params[0]);
  if (auto* e = std::get_if<ParamError>(&group)) return respond_error(respond, std::move(*e));
  signal_group(*std::get<ProcessGroup*>(group), params[1], respond);
}

void SupervisorRpc::signal_all_processes(const Array& params, const Responder& respond) {
  const Value& signal = params[0];
  run_group_op(
      supervisor_, all_processes_by_priority(supervisor_),
      [](const Process& p) { return is_signallable_state(p.state()); },
      [&sup = supervisor_, &signal](Process& p, const std::string& ns) { return ProcessOp{signal_one(sup, p, ns, signal), {}}; }, respond);
}

void SupervisorRpc::get_all_config_info(const Array&, const Responder& respond) {
  xmlrpc::EncodedValue encoded;
  xmlrpc::Writer out(encoded.xml);
  write_all_config_info(out, supervisor_, [this](const std::string& group) {
    return !reread_ || added_since_reread_.count(group) > 0;
  });
  // A *_maxbytes of 2 GiB or more does not fit an XML-RPC int: Supervisor fails with 500.
  if (!out.ok()) return respond(xmlrpc::HttpError{500, "<class 'OverflowError'>:int exceeds XML-RPC limits"});
  respond(std::move(encoded));
}

void SupervisorRpc::get_process_info(const Array& params, const Responder& respond) {
  auto name = namespec_param(params[0]);
  if (auto* e = std::get_if<ParamError>(&name)) return respond_error(respond, std::move(*e));
  auto process = resolve_process(supervisor_, std::get<std::string>(name));
  if (auto* f = std::get_if<xmlrpc::Fault>(&process)) return respond(std::move(*f));
  xmlrpc::EncodedValue encoded;
  xmlrpc::Writer out(encoded.xml);
  write_process_info(out, *std::get<Process*>(process));
  respond(std::move(encoded));
}

void SupervisorRpc::get_all_process_info(const Array&, const Responder& respond) {
  std::vector<const Process*> all;
  for (const auto& group : supervisor_.groups()) {
    for (const auto& p : group->processes()) all.push_back(p.get());
  }
  // By group name, then process name (byte order), not by priority.
  std::sort(all.begin(), all.end(), [](const Process* a, const Process* b) {
    int by_group = a->group().name().compare(b->group().name());
    if (by_group != 0) return by_group < 0;
    return a->name() < b->name();
  });
  xmlrpc::EncodedValue encoded;
  // ~1,350 bytes per process; room for the response envelope too (encode_reply).
  encoded.xml.reserve(256 + all.size() * 1400);
  xmlrpc::Writer out(encoded.xml);
  out.begin_array();
  for (const Process* p : all) write_process_info(out, *p);
  out.end_array();
  respond(std::move(encoded));
}

void SupervisorRpc::read_process_log(const Array& params, const Responder& respond, Channel channel) {
  auto name = namespec_param(params[0]);
  if (auto* e = std::get_if<ParamError>(&name)) return respond_error(respond, std::move(*e));
  auto process = resolve_process(supervisor_, std::get<std::string>(name));
  if (auto* f = std::get_if<xmlrpc::Fault>(&process)) return respond(std::move(*f));
  const std::string& path = std::get<Process*>(process)->logfile(channel);
  if (path.empty()) return respond(fault(faults::kNoFile));
  if (!path_exists(path)) return respond(fault(faults::kNoFile, path));
  reply_log_read(respond, path, params[1], params[2]);
}

void SupervisorRpc::tail_process_log(const Array& params, const Responder& respond, Channel channel) {
  auto name = namespec_param(params[0]);
  if (auto* e = std::get_if<ParamError>(&name)) return respond_error(respond, std::move(*e));
  auto process = resolve_process(supervisor_, std::get<std::string>(name));
  if (auto* f = std::get_if<xmlrpc::Fault>(&process)) return respond(std::move(*f));
  const std::string& path = std::get<Process*>(process)->logfile(channel);
  // No log (yet): an empty tail, before offset and length are even looked at.
  if (!path_exists(path)) return respond(Value(Array{Value(std::string()), Value(0), Value(false)}));
  auto range = range_params(params[1], params[2]);
  if (auto* e = std::get_if<ParamError>(&range)) return respond_error(respond, std::move(*e));
  const ByteRange& r = std::get<ByteRange>(range);
  LogTail tail = tail_log(path, r.offset, r.length);
  respond(Value(Array{Value(std::move(tail.data)), Value(tail.offset), Value(tail.overflow)}));
}

void SupervisorRpc::clear_process_logs(const Array& params, const Responder& respond) {
  auto name = namespec_param(params[0]);
  if (auto* e = std::get_if<ParamError>(&name)) return respond_error(respond, std::move(*e));
  const std::string& namespec = std::get<std::string>(name);
  auto process = resolve_process(supervisor_, namespec);
  if (auto* f = std::get_if<xmlrpc::Fault>(&process)) return respond(std::move(*f));
  if (!std::get<Process*>(process)->clear_logs()) return respond(fault(faults::kFailed, namespec));
  respond(Value(true));
}

void SupervisorRpc::clear_all_process_logs(const Array&, const Responder& respond) {
  run_group_op(
      supervisor_, all_processes_by_priority(supervisor_), [](const Process&) { return true; },
      [](Process& p, const std::string& ns) {
        if (!p.clear_logs()) return ProcessOp{xmlrpc::Reply(fault(faults::kFailed, ns)), {}};
        return ProcessOp{xmlrpc::Reply(Value(true)), {}};
      },
      respond);
}

void SupervisorRpc::send_process_stdin(const Array& params, const Responder& respond) {
  const Value& chars = params[1];
  if (!chars.is_string() && !chars.is_binary()) return respond(fault(faults::kIncorrectParameters, py_str(chars)));
  auto name = namespec_param(params[0]);
  if (auto* e = std::get_if<ParamError>(&name)) return respond_error(respond, std::move(*e));
  const std::string& namespec = std::get<std::string>(name);
  auto process = resolve_process(supervisor_, namespec);
  if (auto* f = std::get_if<xmlrpc::Fault>(&process)) return respond(std::move(*f));
  std::string_view data = chars.is_string() ? std::string_view(chars.as_string()) : std::string_view(chars.as_binary().bytes);
  switch (std::get<Process*>(process)->write_stdin(data)) {
    case StdinResult::kOk:
      return respond(Value(true));
    case StdinResult::kNotRunning:
      return respond(fault(faults::kNotRunning, namespec));
    case StdinResult::kClosed:
      return respond(fault(faults::kNoFile, namespec));
  }
}

void SupervisorRpc::send_remote_comm_event(const Array& params, const Responder& respond) {
  supervisor_.send_remote_communication(py_str(params[0]), py_str(params[1]));
  respond(Value(true));
}

}  // namespace sup
