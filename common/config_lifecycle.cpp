// The program keys of common/config_lifecycle.h and the depends_on graph check. Errors are
// ValueErrors worded like Supervisor's own ("<value> is not a valid ..."); the loader defers
// them until Supervisor's own checks have passed, so a file Supervisor rejects still fails
// with Supervisor's error.
#include <algorithm>
#include <cmath>
#include <functional>
#include <map>
#include <set>

#include "common/config_lifecycle.h"
#include "common/config_loader_impl.h"
#include "common/pyrepr.h"
#include "common/pystr.h"
#include "common/value_types.h"

namespace sup::config_internal {

namespace {

// Keys whose presence makes a program carry a LifecycleConfig.
constexpr const char* kLifecycleKeys[] = {
    "depends_on", "healthcheck", "healthcheck_interval", "healthcheck_timeout", "healthcheck_retries",
    "healthcheck_start_period", "healthcheck_action", "backoff", "backoff_max", "backoff_jitter",
    "fatal_retry_after", "on_fatal", "on_exit", "environment_file", "rlimit_nofile", "rlimit_nproc",
    "rlimit_core", "rlimit_as", "rlimit_cpu", "memory_max", "cpu_max", "pids_max"};

struct RlimitKey {
  const char* key;
  int resource;
};
constexpr RlimitKey kRlimits[] = {{"rlimit_nofile", RLIMIT_NOFILE},
                                  {"rlimit_nproc", RLIMIT_NPROC},
                                  {"rlimit_core", RLIMIT_CORE},
                                  {"rlimit_as", RLIMIT_AS},
                                  {"rlimit_cpu", RLIMIT_CPU}};

// 0.1 -> "0.1", 1.0 -> "1".
std::string fmt_number(double v) {
  std::string text = std::to_string(v);
  while (!text.empty() && text.back() == '0') text.pop_back();
  if (!text.empty() && text.back() == '.') text.pop_back();
  return text;
}

std::string program_name_of(const ProcessConfig& p) { return to_process_or_group_name(after_colon(p.section)); }

// A number of seconds >= `minimum` ("1.5", "10").
double to_seconds(const std::string& key, const std::string& value, double minimum) {
  std::string text = py_strip(value);
  char* end = nullptr;
  double v = text.empty() ? NAN : std::strtod(text.c_str(), &end);
  if (std::isnan(v) || std::isinf(v) || end != text.c_str() + text.size()) {
    throw ValueError(py_repr(value) + " is not a valid number of seconds for " + key);
  }
  if (v < minimum) throw ValueError(key + " " + text + " is below the lower bound (" + fmt_number(minimum) + ")");
  return v;
}

template <typename Enum>
Enum to_choice(const std::string& key, const std::string& value,
               std::initializer_list<std::pair<const char*, Enum>> choices) {
  std::string low = py_lower(py_strip(value));
  std::string names;
  for (const auto& [name, e] : choices) {
    if (low == name) return e;
    names += names.empty() ? name : std::string(", ") + name;
  }
  throw ValueError(py_repr(value) + " is not a valid value for " + key + " (one of " + names + ")");
}

Dependency to_dependency(const std::string& item) {
  Dependency d;
  std::string rest = item;
  if (rest.rfind("group:", 0) == 0) {
    d.group = true;
    rest = rest.substr(6);
  }
  std::size_t colon = rest.find(':');
  if (colon != std::string::npos) {
    std::string condition = rest.substr(colon + 1);
    rest = rest.substr(0, colon);
    if (condition == "healthy") {
      d.condition = Dependency::Condition::kHealthy;
    } else if (condition != "running") {
      throw ValueError("depends_on " + py_repr(item) + ": the condition must be running or healthy");
    }
  }
  if (rest.empty()) throw ValueError("depends_on " + py_repr(item) + " names no program or group");
  d.name = rest;
  return d;
}

HealthCheckConfig to_healthcheck(const std::string& value) {
  HealthCheckConfig h;
  h.spec = py_strip(value);
  const std::string& v = h.spec;
  if (v.rfind("http://", 0) == 0 && v.size() > 7) {
    h.kind = HealthCheckConfig::Kind::kHttp;
    h.target = v;
  } else if (v.rfind("tcp://", 0) == 0) {
    h.kind = HealthCheckConfig::Kind::kTcp;
    h.target = v.substr(6);
    std::size_t colon = h.target.rfind(':');
    if (colon == std::string::npos || colon == 0 || !py_int(h.target.substr(colon + 1))) {
      throw ValueError("healthcheck " + py_repr(value) + ": tcp:// needs host:port");
    }
  } else if (v.rfind("exec:", 0) == 0 && !py_strip(v.substr(5)).empty()) {
    h.kind = HealthCheckConfig::Kind::kExec;
    h.target = py_strip(v.substr(5));
  } else {
    throw ValueError("healthcheck " + py_repr(value) +
                     " is not a valid check (http://host:port/path, tcp://host:port or exec:command)");
  }
  return h;
}

rlim_t to_rlimit_value(const std::string& key, const std::string& text) {
  std::string v = py_lower(py_strip(text));
  if (v == "unlimited" || v == "infinity") return RLIM_INFINITY;
  auto n = py_int(v);
  if (!n || *n < 0) throw ValueError(py_repr(text) + " is not a valid limit for " + key + " (a number or unlimited)");
  return static_cast<rlim_t>(*n);
}

ResourceLimit to_rlimit(const RlimitKey& which, const std::string& value) {
  ResourceLimit r;
  r.resource = which.resource;
  r.key = which.key;
  std::size_t colon = value.find(':');
  r.soft = to_rlimit_value(which.key, value.substr(0, colon));
  r.hard = colon == std::string::npos ? r.soft : to_rlimit_value(which.key, value.substr(colon + 1));
  if (r.hard != RLIM_INFINITY && (r.soft == RLIM_INFINITY || r.soft > r.hard)) {
    throw ValueError(std::string(which.key) + " " + py_repr(value) + ": the soft limit is above the hard limit");
  }
  return r;
}

// memory.max: a byte size ("512MB") or "max".
std::string to_memory_max(const std::string& value) {
  std::string v = py_strip(value);
  if (py_lower(v) == "max") return "max";
  return std::to_string(to_byte_size(v));
}

// cpu.max: "max", "<percent>%" of one CPU, or "<quota> <period>" in microseconds.
std::string to_cpu_max(const std::string& value) {
  std::string v = py_strip(value);
  if (py_lower(v) == "max") return "max 100000";
  if (!v.empty() && v.back() == '%') {
    auto percent = py_int(v.substr(0, v.size() - 1));
    if (percent && *percent > 0) return std::to_string(*percent * 1000) + " 100000";
  } else if (std::size_t space = v.find(' '); space != std::string::npos) {
    auto quota = py_int(v.substr(0, space));
    auto period = py_int(v.substr(space + 1));
    if (quota && period && *quota > 0 && *period > 0) return std::to_string(*quota) + " " + std::to_string(*period);
  }
  throw ValueError(py_repr(value) + " is not a valid cpu_max (max, 50%, or \"quota period\" in microseconds)");
}

std::string to_pids_max(const std::string& value) {
  std::string v = py_strip(value);
  if (py_lower(v) == "max") return "max";
  auto n = py_int(v);
  if (!n || *n < 1) throw ValueError(py_repr(value) + " is not a valid pids_max (a positive number or max)");
  return std::to_string(*n);
}

}  // namespace

std::shared_ptr<const LifecycleConfig> Loader::read_lifecycle(const std::string& section, const Expansions& common) {
  auto value = [&](const char* key) { return get(section, key, common); };
  bool any = false;
  for (const char* key : kLifecycleKeys) any = any || parser_.has_option(section, key);
  if (!any) return nullptr;

  auto out = std::make_shared<LifecycleConfig>();
  if (auto v = value("depends_on")) {
    for (const std::string& item : to_list_of_strings(*v)) out->depends_on.push_back(to_dependency(item));
    if (auto where = parser_.location(section, "depends_on")) out->depends_on_line = where->line;
  }
  if (auto v = value("healthcheck")) out->healthcheck = to_healthcheck(*v);
  if (out->healthcheck) {
    HealthCheckConfig& h = *out->healthcheck;
    if (auto v = value("healthcheck_interval")) h.interval = to_seconds("healthcheck_interval", *v, 0.1);
    if (auto v = value("healthcheck_timeout")) h.timeout = to_seconds("healthcheck_timeout", *v, 0.1);
    if (auto v = value("healthcheck_start_period")) h.start_period = to_seconds("healthcheck_start_period", *v, 0);
    if (auto v = value("healthcheck_retries")) {
      h.retries = static_cast<int>(to_integer(*v));
      if (h.retries < 1) throw ValueError("healthcheck_retries " + *v + " is below the lower bound (1)");
    }
    if (auto v = value("healthcheck_action")) {
      h.action = to_choice<HealthCheckConfig::Action>(
          "healthcheck_action", *v,
          {{"none", HealthCheckConfig::Action::kNone}, {"restart", HealthCheckConfig::Action::kRestart}});
    }
  }
  if (auto v = value("backoff")) {
    out->backoff = to_choice<LifecycleConfig::Backoff>(
        "backoff", *v,
        {{"linear", LifecycleConfig::Backoff::kLinear}, {"exponential", LifecycleConfig::Backoff::kExponential}});
  }
  if (auto v = value("backoff_max")) out->backoff_max = to_seconds("backoff_max", *v, 0.001);
  if (auto v = value("backoff_jitter")) {
    out->backoff_jitter = to_seconds("backoff_jitter", *v, 0);
    if (out->backoff_jitter > 1) throw ValueError("backoff_jitter " + *v + " is above the upper bound (1)");
  }
  if (auto v = value("fatal_retry_after")) out->fatal_retry_after = to_seconds("fatal_retry_after", *v, 0);
  using OnEvent = LifecycleConfig::OnEvent;
  if (auto v = value("on_fatal")) {
    out->on_fatal = to_choice<OnEvent>("on_fatal", *v, {{"ignore", OnEvent::kIgnore}, {"shutdown", OnEvent::kShutdown}});
  }
  if (auto v = value("on_exit")) {
    out->on_exit = to_choice<OnEvent>("on_exit", *v, {{"ignore", OnEvent::kIgnore}, {"shutdown", OnEvent::kShutdown}});
  }
  if (auto v = value("environment_file")) {
    for (std::string item : to_list_of_strings(*v)) {
      EnvironmentFile file;
      if (item[0] == '-') {
        file.optional = true;
        item = py_strip(item.substr(1));
      }
      if (item.empty()) throw ValueError("environment_file " + py_repr(*v) + " names an empty path");
      file.path = normalize_path(item, sys_);
      out->environment_files.push_back(std::move(file));
    }
  }
  for (const RlimitKey& which : kRlimits) {
    if (auto v = value(which.key)) out->rlimits.push_back(to_rlimit(which, *v));
  }
  if (auto v = value("memory_max")) out->cgroup.memory_max = to_memory_max(*v);
  // Not expanded: "50%" is the natural way to write it, and %(x)s has no use here.
  if (auto v = get(section, "cpu_max", common, false)) out->cgroup.cpu_max = to_cpu_max(*v);
  if (auto v = value("pids_max")) out->cgroup.pids_max = to_pids_max(*v);
  return out;
}

void Loader::check_dependencies() {
  // Nodes: "program:<name>" for every program-type section and "group:<name>" for every
  // [group:x]; a homogeneous group is the node of its program. A program depends on what its
  // depends_on names, a [group:x] on each of its members.
  std::map<std::string, std::vector<std::string>> edges;
  std::map<std::string, std::vector<std::pair<std::string, std::string>>> members;  // node -> processes
  std::map<std::string, ProcessConfig*> declared_by;  // first instance of each program
  for (GroupConfig& g : config_.groups) {
    bool homogeneous = g.processes.empty() || program_name_of(g.processes.front()) == g.name;
    std::string group_node = homogeneous ? "program:" + g.name : "group:" + g.name;
    edges[group_node];
    for (ProcessConfig& p : g.processes) {
      std::string node = "program:" + program_name_of(p);
      edges[node];
      members[node].emplace_back(g.name, p.name);
      if (group_node != node) {
        members[group_node].emplace_back(g.name, p.name);
        if (edges[group_node].empty() || edges[group_node].back() != node) edges[group_node].push_back(node);
      }
      if (p.lifecycle && !declared_by.count(node)) declared_by[node] = &p;
    }
  }
  auto node_of = [&](const Dependency& d) {
    if (d.group && !edges.count("group:" + d.name)) return "program:" + d.name;  // a homogeneous group
    return (d.group ? "group:" : "program:") + d.name;
  };
  auto where = [&](const ProcessConfig& p) {
    auto it = section_to_file_.find(p.section);
    std::string file = it == section_to_file_.end() ? configfile_ : it->second;
    return " (file: " + py_repr(file) + " line: " + std::to_string(p.lifecycle->depends_on_line) + ")";
  };
  for (auto& [node, p] : declared_by) {
    for (const Dependency& d : p->lifecycle->depends_on) {
      std::string target = node_of(d);
      if (!edges.count(target)) {
        throw ValueError("[" + p->section + "] depends_on names " + py_repr((d.group ? "group:" : "") + d.name) +
                         ", which is no program or group" + where(*p));
      }
      edges[node].push_back(target);
    }
  }
  auto label = [](const std::string& node) { return node.rfind("program:", 0) == 0 ? node.substr(8) : node; };
  // Depth-first search; the stack gives the chain when an edge closes a cycle.
  std::map<std::string, int> color;  // 0 new, 1 on the stack, 2 done
  std::vector<std::string> stack;
  std::function<void(const std::string&)> visit = [&](const std::string& node) {
    color[node] = 1;
    stack.push_back(node);
    for (const std::string& next : edges[node]) {
      if (color[next] == 1) {
        std::string chain;
        for (auto it = std::find(stack.begin(), stack.end(), next); it != stack.end(); ++it) chain += label(*it) + " -> ";
        chain += label(next);
        // Name the line of a program on the cycle that declared a dependency.
        const ProcessConfig* culprit = nullptr;
        for (auto it = std::find(stack.begin(), stack.end(), next); it != stack.end() && !culprit; ++it) {
          if (declared_by.count(*it) && !declared_by[*it]->lifecycle->depends_on.empty()) culprit = declared_by[*it];
        }
        throw ValueError("depends_on cycle: " + chain + (culprit ? where(*culprit) : std::string()));
      }
      if (color[next] == 0) visit(next);
    }
    stack.pop_back();
    color[node] = 2;
  };
  // Programs that declare dependencies first, so that a cycle is named from one of them.
  for (const auto& entry : declared_by) {
    if (color[entry.first] == 0) visit(entry.first);
  }
  for (const auto& entry : edges) {
    if (color[entry.first] == 0) visit(entry.first);
  }
  // Resolve each dependency to the processes it waits for. The LifecycleConfigs were made
  // by this loader and are not shared with anyone yet.
  for (GroupConfig& g : config_.groups) {
    for (ProcessConfig& p : g.processes) {
      if (!p.lifecycle) continue;
      auto& lifecycle = const_cast<LifecycleConfig&>(*p.lifecycle);
      for (Dependency& d : lifecycle.depends_on) d.targets = members[node_of(d)];
    }
  }
}

}  // namespace sup::config_internal
