// start, stop, restart, signal, clear (spec §3.2-3.5, §3.9): one RPC per name, or the group
// and "all" variants, each result printed as "<name>: <outcome>".
#include <algorithm>
#include <optional>

#include "supervisorctl/command_failure.h"
#include "supervisorctl/commands.h"
#include "supervisorctl/exit_status.h"
#include "supervisorctl/namespec.h"
#include "supervisorctl/py_text.h"
#include "supervisorctl/reply.h"
#include "supervisorctl/session.h"

namespace sup::ctl {
namespace {

// What one per-process result means to the command that received it.
struct Result {
  std::string name;  // display name
  int code = fault::kSuccess;
  std::string description;
};

Result result_from_struct(const xmlrpc::Value& v) {
  return {make_namespec(str_field(v, "group"), str_field(v, "name")),
          static_cast<int>(int_field(v, "status")), str_field(v, "description")};
}

// A fault on a single-process call, named as the reference rebuilds it from the argument.
Result result_from_fault(const Namespec& spec, const xmlrpc::Fault& fault) {
  return {make_namespec(spec.group, spec.process.value_or("None")), fault.code, fault.string};
}

std::string error_line(const std::string& name, std::string_view what) {
  return name + ": ERROR (" + std::string(what) + ")";
}

[[noreturn]] void unknown_code(const Result& r) {
  throw CommandFailure::value_error("Unknown result code " + std::to_string(r.code) + " for " +
                                    r.name);
}

std::string start_line(const Result& r) {
  switch (r.code) {
    case fault::kBadName: return error_line(r.name, "no such process");
    case fault::kNoFile: return error_line(r.name, "no such file");
    case fault::kNotExecutable: return error_line(r.name, "file is not executable");
    case fault::kAlreadyStarted: return error_line(r.name, "already started");
    case fault::kSpawnError: return error_line(r.name, "spawn error");
    case fault::kAbnormalTermination: return error_line(r.name, "abnormal termination");
    case fault::kSuccess: return r.name + ": started";
    default: unknown_code(r);
  }
}

std::string signal_line(const Result& r, std::string_view success) {
  switch (r.code) {
    case fault::kBadName: return error_line(r.name, "no such process");
    case fault::kBadSignal: return error_line(r.name, "bad signal name");
    case fault::kNotRunning: return error_line(r.name, "not running");
    case fault::kSuccess: return r.name + ": " + std::string(success);
    case fault::kFailed: return r.description;
    default: unknown_code(r);
  }
}

std::string stop_line(const Result& r) { return signal_line(r, "stopped"); }
std::string signalled_line(const Result& r) { return signal_line(r, "signalled"); }

std::string clear_line(const Result& r) {
  switch (r.code) {
    case fault::kBadName: return error_line(r.name, "no such process");
    case fault::kFailed: return error_line(r.name, "failed");
    case fault::kSuccess: return r.name + ": cleared";
    default: unknown_code(r);
  }
}

using LineFor = std::string (*)(const Result&);

void print_results(Session& session, const xmlrpc::Value& results, LineFor line_for,
                   std::optional<int> ignored) {
  for (const auto& v : as_array(results)) {
    const Result r = result_from_struct(v);
    session.out(line_for(r));
    session.set_exit_status_from_fault(r.code, ignored);
  }
}

bool contains_all(const std::vector<std::string>& names) {
  return std::find(names.begin(), names.end(), "all") != names.end();
}

// How one family differs: its RPC names, result wording and which fault is harmless.
struct Family {
  std::string_view all_method;
  std::string_view group_method;
  std::string_view process_method;
  LineFor line_for;
  std::optional<int> ignored;
  std::string_view success;     // single-process success word
  int bad_group_status;         // exit status for an unknown group
};

const Family kStart{"supervisor.startAllProcesses", "supervisor.startProcessGroup",
                    "supervisor.startProcess", start_line, fault::kAlreadyStarted, "started",
                    kExitInvalidArgs};
const Family kStop{"supervisor.stopAllProcesses", "supervisor.stopProcessGroup",
                   "supervisor.stopProcess", stop_line, fault::kNotRunning, "stopped",
                   kExitGeneric};

// start/stop/signal over names; `extra` is the signal argument (signal only).
void run_family(Session& session, const Family& family, const std::vector<std::string>& names,
                const std::optional<std::string>& extra) {
  if (contains_all(names)) {
    xmlrpc::Array params;
    if (extra) params.emplace_back(*extra);
    print_results(session, session.call_value(family.all_method, params), family.line_for,
                  family.ignored);
    return;
  }
  for (const std::string& name : names) {
    const Namespec spec = split_namespec(name);
    if (!spec.process) {
      xmlrpc::Array params{spec.group};
      if (extra) params.emplace_back(*extra);
      auto reply = session.call(family.group_method, params);
      if (auto* fault = std::get_if<xmlrpc::Fault>(&reply)) {
        if (fault->code != fault::kBadName) {
          session.set_exit_status(kExitGeneric);
          throw CommandFailure::from_fault(*fault);
        }
        session.out(spec.group + ": ERROR (no such group)");
        session.set_exit_status(family.bad_group_status);
        continue;
      }
      print_results(session, std::get<xmlrpc::Value>(reply), family.line_for, family.ignored);
      continue;
    }
    xmlrpc::Array params{name};
    if (extra) params.emplace_back(*extra);
    auto reply = session.call(family.process_method, params);
    if (auto* fault = std::get_if<xmlrpc::Fault>(&reply)) {
      const Result r = result_from_fault(spec, *fault);
      session.out(family.line_for(r));
      session.set_exit_status_from_fault(r.code, family.ignored);
    } else {
      session.out(make_namespec(spec.group, *spec.process) + ": " +
                  std::string(family.success));
    }
  }
}

}  // namespace

After do_start(Session& session, const std::string& arg) {
  if (!session.upcheck()) return After::kContinue;
  const auto names = split_words(arg);
  if (names.empty()) {
    session.out("Error: start requires a process name");
    session.set_exit_status(kExitInvalidArgs);
    print_help(session, "start");
    return After::kContinue;
  }
  run_family(session, kStart, names, std::nullopt);
  return After::kContinue;
}

After do_stop(Session& session, const std::string& arg) {
  if (!session.upcheck()) return After::kContinue;
  const auto names = split_words(arg);
  if (names.empty()) {
    session.out("Error: stop requires a process name");
    session.set_exit_status(kExitGeneric);
    print_help(session, "stop");
    return After::kContinue;
  }
  run_family(session, kStop, names, std::nullopt);
  return After::kContinue;
}

After do_restart(Session& session, const std::string& arg) {
  if (!session.upcheck()) return After::kContinue;
  if (split_words(arg).empty()) {
    session.out("Error: restart requires a process name");
    session.set_exit_status(kExitGeneric);
    print_help(session, "restart");
    return After::kContinue;
  }
  do_stop(session, arg);
  do_start(session, arg);
  return After::kContinue;
}

After do_signal(Session& session, const std::string& arg) {
  if (!session.upcheck()) return After::kContinue;
  auto args = split_words(arg);
  if (args.size() < 2) {
    session.out("Error: signal requires a signal name and a process name");
    print_help(session, "signal");
    session.set_exit_status(kExitGeneric);
    return After::kContinue;
  }
  const std::string sig = args.front();
  args.erase(args.begin());
  const Family family{"supervisor.signalAllProcesses", "supervisor.signalProcessGroup",
                      "supervisor.signalProcess",      signalled_line,
                      std::nullopt,                    "signalled",
                      kExitGeneric};
  run_family(session, family, args, sig);
  return After::kContinue;
}

After do_clear(Session& session, const std::string& arg) {
  if (!session.upcheck()) return After::kContinue;
  const auto names = split_words(arg);
  if (names.empty()) {
    session.out("Error: clear requires a process name");
    session.set_exit_status(kExitGeneric);
    print_help(session, "clear");
    return After::kContinue;
  }
  if (contains_all(names)) {
    print_results(session, session.call_value("supervisor.clearAllProcessLogs"), clear_line,
                  std::nullopt);
    return After::kContinue;
  }
  for (const std::string& name : names) {
    const Namespec spec = split_namespec(name);
    auto reply = session.call("supervisor.clearProcessLogs", {name});
    if (auto* fault = std::get_if<xmlrpc::Fault>(&reply)) {
      const Result r = result_from_fault(spec, *fault);
      session.out(clear_line(r));
      session.set_exit_status_from_fault(r.code);
    } else {
      session.out(make_namespec(spec.group, spec.process.value_or("None")) + ": cleared");
    }
  }
  return After::kContinue;
}

}  // namespace sup::ctl
