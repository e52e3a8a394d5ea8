#include "common/config_json.h"

#include "common/config_lifecycle.h"
#include "common/log_options.h"
#include "common/signals.h"
#include "common/value_types.h"

namespace sup {

namespace {

using nlohmann::json;

template <class T>
json opt(const std::optional<T>& v) {
  return v ? json(*v) : json(nullptr);
}

json channel_logfile(const ChannelConfig& c) {
  switch (c.target) {
    case ChannelConfig::Target::kNone:
      return nullptr;
    case ChannelConfig::Target::kAuto:
      return "AUTO";
    case ChannelConfig::Target::kPath:
      break;
  }
  return c.path;
}

json process_json(const ProcessConfig& p, const GroupConfig& g) {
  json d;
  d["autostart"] = p.autostart;
  d["directory"] = opt(p.directory);
  d["uid"] = p.uid ? json(static_cast<std::int64_t>(*p.uid)) : json(nullptr);
  d["command"] = p.command;
  d["exitcodes"] = p.exitcodes;
  d["group"] = g.name;
  d["group_prio"] = g.priority;
  d["killasgroup"] = p.killasgroup;
  d["name"] = p.name;
  d["process_prio"] = p.priority;
  d["redirect_stderr"] = p.redirect_stderr;
  d["startretries"] = p.startretries;
  d["startsecs"] = p.startsecs;
  d["stopsignal"] = signal_display_name(p.stopsignal);
  d["stopwaitsecs"] = p.stopwaitsecs;
  d["serverurl"] = opt(p.serverurl);
  for (int k = 0; k < 2; ++k) {
    const ChannelConfig& c = k == 0 ? p.stdout_channel : p.stderr_channel;
    std::string pre = k == 0 ? "stdout_" : "stderr_";
    d[pre + "capture_maxbytes"] = c.capture_maxbytes;
    d[pre + "events_enabled"] = c.events_enabled;
    d[pre + "logfile"] = channel_logfile(c);
    d[pre + "logfile_backups"] = c.logfile_backups;
    d[pre + "logfile_maxbytes"] = c.logfile_maxbytes;
    d[pre + "syslog"] = c.syslog;
    // Our keys appear only when set, so that the corpus comparison (which never sets them)
    // sees Supervisor's shape.
    if (c.stamp != StampStyle::kNone) d[pre + "logfile_timestamps"] = stamp_setting_text(c.stamp, c.stamp_pattern);
    if (c.rotate_every != RotateEvery::kNever) d[pre + "logfile_rotate_every"] = rotate_every_name(c.rotate_every);
    if (c.compress) d[pre + "logfile_compress"] = true;
    if (c.prefix) d[pre + "logfile_prefix"] = true;
  }
  d["autorestart"] = p.autorestart == AutoRestart::kAlways  ? "true"
                     : p.autorestart == AutoRestart::kNever ? "false"
                                                            : "unexpected";
  d["stopasgroup"] = p.stopasgroup;
  d["umask"] = p.umask ? json(static_cast<int>(*p.umask)) : json(nullptr);
  d["environment"] = p.environment;
  d["section"] = p.section;
  d["process_num"] = p.process_num;
  d["numprocs"] = p.numprocs;
  if (p.lifecycle) d["lifecycle"] = lifecycle_to_json(*p.lifecycle);
  return d;
}

json group_json(const GroupConfig& g) {
  json d;
  d["name"] = g.name;
  d["priority"] = g.priority;
  switch (g.kind) {
    case GroupConfig::Kind::kProcess:
      d["kind"] = "process";
      break;
    case GroupConfig::Kind::kEventListener:
      d["kind"] = "eventlistener";
      d["buffer_size"] = g.buffer_size;
      d["events"] = g.events;
      d["result_handler"] = g.result_handler;
      break;
    case GroupConfig::Kind::kFcgi:
      d["kind"] = "fcgi";
      d["socket"] = g.socket;
      d["socket_backlog"] = opt(g.socket_backlog);
      d["socket_owner"] = g.socket_owner
                              ? json::array({static_cast<std::int64_t>(static_cast<int>(g.socket_owner->first)),
                                             static_cast<std::int64_t>(static_cast<int>(g.socket_owner->second))})
                              : json(nullptr);
      d["socket_mode"] = g.socket_mode ? json(static_cast<int>(*g.socket_mode)) : json(nullptr);
      break;
  }
  json procs = json::array();
  for (const auto& p : g.processes) procs.push_back(process_json(p, g));
  d["processes"] = procs;
  return d;
}

json server_json(const HttpServerConfig& c) {
  json d;
  if (c.type == HttpServerConfig::Type::kInet) {
    d["type"] = "inet";
    d["host"] = c.host;
    d["port"] = c.port;
  } else {
    d["type"] = "unix";
    d["file"] = c.file;
    d["chmod"] = static_cast<int>(c.chmod);
    d["chown"] = json::array({static_cast<int>(c.chown_uid), static_cast<int>(c.chown_gid)});
  }
  d["section"] = c.section;
  d["username"] = opt(c.username);
  d["password"] = opt(c.password);
  return d;
}

json supervisord_json(const SupervisordConfig& s) {
  json d;
  d["logfile"] = s.logfile;
  d["logfile_maxbytes"] = s.logfile_maxbytes;
  d["logfile_backups"] = s.logfile_backups;
  if (s.logfile_rotate_every != RotateEvery::kNever) d["logfile_rotate_every"] = rotate_every_name(s.logfile_rotate_every);
  if (s.logfile_compress) d["logfile_compress"] = true;
  d["loglevel"] = logging_level_name(s.loglevel);
  d["pidfile"] = s.pidfile;
  d["umask"] = static_cast<int>(s.umask);
  d["nodaemon"] = s.nodaemon;
  d["silent"] = s.silent;
  d["minfds"] = s.minfds;
  d["minprocs"] = s.minprocs;
  d["nocleanup"] = s.nocleanup;
  d["childlogdir"] = s.childlogdir;
  d["strip_ansi"] = s.strip_ansi;
  d["identifier"] = s.identifier;
  d["directory"] = opt(s.directory);
  d["user"] = opt(s.user);
  d["uid"] = s.uid ? json(static_cast<std::int64_t>(*s.uid)) : json(nullptr);
  d["gid"] = s.gid ? json(static_cast<std::int64_t>(*s.gid)) : json(nullptr);
  d["environment"] = s.environment;
  d["serverurl"] = opt(s.serverurl);
  json servers = json::array();
  for (const auto& c : s.http_servers) servers.push_back(server_json(c));
  d["http_servers"] = servers;
  json rpcs = json::array();
  for (const auto& r : s.rpcinterfaces) {
    rpcs.push_back({{"name", r.name}, {"factory", r.factory}, {"extras", r.extras}});
  }
  d["rpcinterfaces"] = rpcs;
  if (s.cgroup_root) d["cgroup_root"] = *s.cgroup_root;
  return d;
}

json rlimit_value(rlim_t v) { return v == RLIM_INFINITY ? json("unlimited") : json(static_cast<std::uint64_t>(v)); }

}  // namespace

json lifecycle_to_json(const LifecycleConfig& l) {
  json d = json::object();
  if (!l.depends_on.empty()) {
    json deps = json::array();
    for (const Dependency& dep : l.depends_on) {
      json targets = json::array();
      for (const auto& [group, name] : dep.targets) targets.push_back(group + ":" + name);
      deps.push_back({{"name", (dep.group ? "group:" : "") + dep.name},
                      {"condition", dep.condition == Dependency::Condition::kHealthy ? "healthy" : "running"},
                      {"processes", targets}});
    }
    d["depends_on"] = deps;
  }
  if (l.healthcheck) {
    const HealthCheckConfig& h = *l.healthcheck;
    d["healthcheck"] = {{"check", h.spec},
                        {"interval", h.interval},
                        {"timeout", h.timeout},
                        {"retries", h.retries},
                        {"start_period", h.start_period},
                        {"action", h.action == HealthCheckConfig::Action::kRestart ? "restart" : "none"}};
  }
  d["backoff"] = l.backoff == LifecycleConfig::Backoff::kExponential ? "exponential" : "linear";
  d["backoff_max"] = opt(l.backoff_max);
  d["backoff_jitter"] = l.backoff_jitter;
  d["fatal_retry_after"] = l.fatal_retry_after;
  d["on_fatal"] = l.on_fatal == LifecycleConfig::OnEvent::kShutdown ? "shutdown" : "ignore";
  d["on_exit"] = l.on_exit == LifecycleConfig::OnEvent::kShutdown ? "shutdown" : "ignore";
  if (!l.environment_files.empty()) {
    json files = json::array();
    for (const EnvironmentFile& f : l.environment_files) files.push_back((f.optional ? "-" : "") + f.path);
    d["environment_file"] = files;
  }
  for (const ResourceLimit& r : l.rlimits) d[r.key] = {rlimit_value(r.soft), rlimit_value(r.hard)};
  if (l.cgroup.memory_max) d["memory_max"] = *l.cgroup.memory_max;
  if (l.cgroup.cpu_max) d["cpu_max"] = *l.cgroup.cpu_max;
  if (l.cgroup.pids_max) d["pids_max"] = *l.cgroup.pids_max;
  return d;
}

json error_to_json(const ConfigError& error) {
  json d;
  d["error"] = error.message.substr(0, error.message.find('\n'));
  if (error.uncaught) d["uncaught"] = true;
  return d;
}

json config_to_json(const Config& config, const std::variant<CtlConfig, ConfigError>& ctl) {
  json d;
  d["supervisord"] = supervisord_json(config.supervisord);
  json groups = json::array();
  for (const auto& g : config.groups) groups.push_back(group_json(g));
  d["groups"] = groups;
  d["warnings"] = config.warnings;
  d["infos"] = config.infos;
  if (const auto* c = std::get_if<CtlConfig>(&ctl)) {
    d["supervisorctl"] = {{"serverurl", c->serverurl},
                          {"username", opt(c->username)},
                          {"password", opt(c->password)},
                          {"prompt", c->prompt},
                          {"history_file", opt(c->history_file)}};
  } else {
    d["supervisorctl"] = error_to_json(std::get<ConfigError>(ctl));
  }
  return d;
}

}  // namespace sup
