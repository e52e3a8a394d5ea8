#include "web-ui/page_actions.h"

#include <array>
#include <memory>
#include <utility>

#include "xmlrpc/faults.h"

namespace sup::webui {
namespace {

struct ActionInfo {
  ActionKind kind;
  std::string_view name;
  std::string_view label;
  ActionTarget target;
};

constexpr std::array<ActionInfo, 10> kActions = {{
    {ActionKind::kRefresh, "refresh", "Refresh", ActionTarget::kNone},
    {ActionKind::kStopAll, "stopall", "Stop All", ActionTarget::kNone},
    {ActionKind::kRestartAll, "restartall", "Restart All", ActionTarget::kNone},
    {ActionKind::kStart, "start", "Start", ActionTarget::kProcess},
    {ActionKind::kStop, "stop", "Stop", ActionTarget::kProcess},
    {ActionKind::kRestart, "restart", "Restart", ActionTarget::kProcess},
    {ActionKind::kClearLog, "clearlog", "Clear Log", ActionTarget::kProcess},
    {ActionKind::kStartGroup, "startgroup", "Start Group", ActionTarget::kGroup},
    {ActionKind::kStopGroup, "stopgroup", "Stop Group", ActionTarget::kGroup},
    {ActionKind::kRestartGroup, "restartgroup", "Restart Group", ActionTarget::kGroup},
}};

const ActionInfo& info(ActionKind kind) {
  for (const auto& a : kActions) {
    if (a.kind == kind) return a;
  }
  return kActions[0];
}

std::string fault_text(const xmlrpc::Fault& f) {
  return "unexpected rpc fault [" + std::to_string(f.code) + "] " + f.string;
}

// Supervisor's wording for startProcess faults.
std::string start_error(const std::string& ns, const xmlrpc::Fault& f) {
  std::string why;
  switch (f.code) {
    case xmlrpc::faults::kNoFile: why = "no such file"; break;
    case xmlrpc::faults::kNotExecutable: why = "file not executable"; break;
    case xmlrpc::faults::kAlreadyStarted: why = "already started"; break;
    case xmlrpc::faults::kSpawnError: why = "spawn error"; break;
    case xmlrpc::faults::kAbnormalTermination: why = "abnormal termination"; break;
    default: why = fault_text(f);
  }
  return "ERROR: Process " + ns + ": " + why;
}

const xmlrpc::Fault* fault_of(const RpcOutcome& outcome) { return std::get_if<xmlrpc::Fault>(&outcome); }

// "grp:name" -> (grp, name); "name" -> (name, name), as Supervisor's split_namespec.
std::pair<std::string, std::string> split_namespec(const std::string& ns) {
  const auto colon = ns.find(':');
  if (colon == std::string::npos) return {ns, ns};
  return {ns.substr(0, colon), ns.substr(colon + 1)};
}

enum class Lookup { kProcessExists, kGroupExists, kMissing };

// Looks the target up in getAllProcessInfo, the way Supervisor's page checks its own tables
// before acting ("grp:*" names no process).
Lookup find_target(const xmlrpc::Value& all, const Action& action) {
  if (!all.is_array()) return Lookup::kMissing;
  const auto [group, name] = split_namespec(action.target);
  for (const auto& p : all.as_array()) {
    const auto* g = p.find("group");
    const auto* n = p.find("name");
    if (g == nullptr || n == nullptr || !g->is_string() || !n->is_string()) continue;
    if (action_target(action.kind) == ActionTarget::kGroup) {
      if (g->as_string() == action.target) return Lookup::kGroupExists;
    } else if (g->as_string() == group && n->as_string() == name) {
      return Lookup::kProcessExists;
    }
  }
  return Lookup::kMissing;
}

using Done = std::function<void(std::string)>;

void run_process_action(const RpcCall& rpc, const Action& action, Done done) {
  const std::string& ns = action.target;
  switch (action.kind) {
    case ActionKind::kStart:
      rpc("supervisor.startProcess", {ns}, [ns, done](RpcOutcome r) {
        if (const auto* f = fault_of(r)) return done(start_error(ns, *f));
        done("Process " + ns + " started");
      });
      return;
    case ActionKind::kStop:
      rpc("supervisor.stopProcess", {ns}, [ns, done](RpcOutcome r) {
        if (const auto* f = fault_of(r)) return done(fault_text(*f));
        done("Process " + ns + " stopped");
      });
      return;
    case ActionKind::kRestart:
      // Supervisor's multicall: stop, then start; faults of either are not reported.
      rpc("supervisor.stopProcess", {ns}, [rpc, ns, done](RpcOutcome) {
        rpc("supervisor.startProcess", {ns}, [ns, done](RpcOutcome) { done("Process " + ns + " restarted"); });
      });
      return;
    case ActionKind::kClearLog:
      rpc("supervisor.clearProcessLogs", {ns}, [ns, done](RpcOutcome r) {
        if (const auto* f = fault_of(r)) return done(fault_text(*f));
        done("Log for " + ns + " cleared");
      });
      return;
    default:
      return done("");
  }
}

void run_group_action(const RpcCall& rpc, const Action& action, Done done) {
  const std::string& group = action.target;
  const auto fail = [group](const xmlrpc::Fault& f) { return "ERROR: Group " + group + ": " + fault_text(f); };
  switch (action.kind) {
    case ActionKind::kStartGroup:
      rpc("supervisor.startProcessGroup", {group}, [group, done, fail](RpcOutcome r) {
        if (const auto* f = fault_of(r)) return done(fail(*f));
        done("Group " + group + " started");
      });
      return;
    case ActionKind::kStopGroup:
      rpc("supervisor.stopProcessGroup", {group}, [group, done, fail](RpcOutcome r) {
        if (const auto* f = fault_of(r)) return done(fail(*f));
        done("Group " + group + " stopped");
      });
      return;
    case ActionKind::kRestartGroup:
      rpc("supervisor.stopProcessGroup", {group}, [rpc, group, done](RpcOutcome) {
        rpc("supervisor.startProcessGroup", {group}, [group, done](RpcOutcome) { done("Group " + group + " restarted"); });
      });
      return;
    default:
      return done("");
  }
}

}  // namespace

std::optional<ActionKind> parse_action(std::string_view name) {
  for (const auto& a : kActions) {
    if (a.name == name) return a.kind;
  }
  return std::nullopt;
}

std::string_view action_name(ActionKind kind) { return info(kind).name; }
ActionTarget action_target(ActionKind kind) { return info(kind).target; }
std::string_view action_label(ActionKind kind) { return info(kind).label; }

std::string ctime_text(std::time_t t) {
  std::tm local{};
  localtime_r(&t, &local);
  char buf[64];
  const std::size_t n = std::strftime(buf, sizeof buf, "%a %b %e %H:%M:%S %Y", &local);
  return std::string(buf, n);
}

void run_action(const RpcCall& rpc, const Action& action, Done done, std::function<std::time_t()> now) {
  switch (action.kind) {
    case ActionKind::kRefresh:
      return done("Page refreshed at " + ctime_text(now()));
    case ActionKind::kStopAll:
      rpc("supervisor.stopAllProcesses", {}, [done, now](RpcOutcome) { done("All stopped at " + ctime_text(now())); });
      return;
    case ActionKind::kRestartAll:
      rpc("supervisor.stopAllProcesses", {}, [rpc, done, now](RpcOutcome) {
        rpc("supervisor.startAllProcesses", {},
            [done, now](RpcOutcome) { done("All restarted at " + ctime_text(now())); });
      });
      return;
    default:
      break;
  }
  rpc("supervisor.getAllProcessInfo", {}, [rpc, action, done](RpcOutcome r) {
    if (const auto* f = fault_of(r)) return done(fault_text(*f));  // e.g. SHUTDOWN_STATE
    const Lookup found = find_target(std::get<xmlrpc::Value>(r), action);
    if (action_target(action.kind) == ActionTarget::kGroup) {
      if (found != Lookup::kGroupExists) return done("No such group named " + action.target);
      return run_group_action(rpc, action, done);
    }
    if (found != Lookup::kProcessExists) return done("No such process named " + action.target);
    run_process_action(rpc, action, done);
  });
}

}  // namespace sup::webui
