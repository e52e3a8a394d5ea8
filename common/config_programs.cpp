// Groups and program-type sections ([group:x], [program:x], [eventlistener:x],
// [fcgi-program:x]) of the configuration loader.
#include <algorithm>

#include "common/config_loader_impl.h"
#include "common/log_options.h"
#include "common/pyrepr.h"
#include "common/pystr.h"
#include "common/value_types.h"

namespace sup::config_internal {

namespace {

// The event type names of supervisor.events.EventTypes, then ours (README 'Health checks').
constexpr const char* kEventTypes[] = {
    "EVENT", "PROCESS_STATE", "PROCESS_STATE_STOPPED", "PROCESS_STATE_EXITED",
    "PROCESS_STATE_STARTING", "PROCESS_STATE_STOPPING", "PROCESS_STATE_BACKOFF",
    "PROCESS_STATE_FATAL", "PROCESS_STATE_RUNNING", "PROCESS_STATE_UNKNOWN",
    "PROCESS_COMMUNICATION", "PROCESS_COMMUNICATION_STDOUT", "PROCESS_COMMUNICATION_STDERR",
    "PROCESS_LOG", "PROCESS_LOG_STDOUT", "PROCESS_LOG_STDERR", "REMOTE_COMMUNICATION",
    "SUPERVISOR_STATE_CHANGE", "SUPERVISOR_STATE_CHANGE_RUNNING",
    "SUPERVISOR_STATE_CHANGE_STOPPING", "TICK", "TICK_5", "TICK_60", "TICK_3600",
    "PROCESS_GROUP", "PROCESS_GROUP_ADDED", "PROCESS_GROUP_REMOVED",
    "PROCESS_HEALTH", "PROCESS_HEALTH_HEALTHY", "PROCESS_HEALTH_UNHEALTHY"};

}  // namespace

void Loader::read_groups() {
  std::vector<std::string> all = parser_.sections();
  auto has = [&](const std::string& s) { return std::find(all.begin(), all.end(), s) != all.end(); };
  std::vector<std::string> exclude;
  auto excluded = [&](const std::string& s) {
    return std::find(exclude.begin(), exclude.end(), s) != exclude.end();
  };
  auto gget = [&](const std::string& section, const char* key, const Expansions& extra) {
    Expansions e = extra;
    e.update(here_only());
    return get(section, key, e);
  };
  std::vector<GroupConfig>& groups = config_.groups;

  for (std::string section : all) {
    if (!starts_with(section, "group:")) continue;
    GroupConfig g;
    g.name = to_process_or_group_name(after_colon(section));
    auto programs_value = gget(section, "programs", {});
    std::vector<std::string> programs = to_list_of_strings(programs_value ? *programs_value : "");
    auto prio = gget(section, "priority", {});
    g.priority = static_cast<int>(to_integer(prio ? *prio : "999"));
    for (const auto& program : programs) {
      std::string program_section = "program:" + program;
      std::string fcgi_section = "fcgi-program:" + program;
      bool p = has(program_section), f = has(fcgi_section);
      // Supervisor reuses the loop variable, so later messages name the last member.
      if (!p && !f) {
        throw ValueError("[" + section + "] names unknown program or fcgi-program " + program);
      }
      if (p && f) {
        throw ValueError("[" + section + "] name " + program +
                         " is ambiguous (exists as program and fcgi-program)");
      }
      section = p ? program_section : fcgi_section;
      exclude.push_back(section);
      auto procs = processes_from_section(section, g.name);
      g.processes.insert(g.processes.end(), procs.begin(), procs.end());
    }
    groups.push_back(std::move(g));
  }

  for (const auto& section : all) {
    if (!starts_with(section, "program:") || excluded(section)) continue;
    GroupConfig g;
    g.name = to_process_or_group_name(after_colon(section));
    auto prio = gget(section, "priority", {});
    g.priority = static_cast<int>(to_integer(prio ? *prio : "999"));
    g.processes = processes_from_section(section, g.name);
    groups.push_back(std::move(g));
  }

  for (const auto& section : all) {
    if (!starts_with(section, "eventlistener:")) continue;
    GroupConfig g;
    g.kind = GroupConfig::Kind::kEventListener;
    g.name = after_colon(section);
    auto prio = gget(section, "priority", {});
    g.priority = static_cast<int>(to_integer(prio ? *prio : "-1"));
    auto bs = gget(section, "buffer_size", {});
    std::int64_t buffer_size = to_integer(bs ? *bs : "10");
    if (buffer_size < 1) {
      throw ValueError("[" + section + "] section sets invalid buffer_size (" +
                       std::to_string(buffer_size) + ")");
    }
    g.buffer_size = static_cast<int>(buffer_size);
    auto rh = gget(section, "result_handler", {});
    std::string handler = rh ? *rh : "supervisor.dispatchers:default_handler";
    auto resolved = resolve_entry_point(handler);
    if (!resolved) throw ValueError(handler + " cannot be resolved within [" + section + "]");
    g.result_handler = *resolved;
    auto ev = gget(section, "events", {});
    std::vector<std::string> names;
    for (const auto& n : to_list_of_strings(ev ? *ev : "")) {
      std::string up = py_upper(n);
      if (std::find(names.begin(), names.end(), up) == names.end()) names.push_back(up);
    }
    if (names.empty()) throw ValueError("[" + section + "] section requires an \"events\" line");
    for (const auto& n : names) {
      bool known = std::any_of(std::begin(kEventTypes), std::end(kEventTypes),
                               [&](const char* t) { return n == t; });
      if (!known) throw ValueError("Unknown event type " + n + " in [" + section + "] events");
    }
    std::sort(names.begin(), names.end());
    g.events = names;
    auto rs = gget(section, "redirect_stderr", {});
    if (to_boolean(rs ? *rs : "false")) {
      throw ValueError("[" + section +
                       "] section sets redirect_stderr=true but this is not allowed because it "
                       "will interfere with the eventlistener protocol");
    }
    g.processes = processes_from_section(section, g.name);
    groups.push_back(std::move(g));
  }

  for (const auto& section : all) {
    if (!starts_with(section, "fcgi-program:") || excluded(section)) continue;
    GroupConfig g;
    g.kind = GroupConfig::Kind::kFcgi;
    g.name = to_process_or_group_name(after_colon(section));
    auto prio = gget(section, "priority", {});
    g.priority = static_cast<int>(to_integer(prio ? *prio : "999"));
    std::optional<uid_t> proc_uid;
    if (auto u = gget(section, "user", {})) proc_uid = name_to_uid(*u, sys_);
    if (auto b = gget(section, "socket_backlog", {})) {
      std::int64_t backlog = to_integer(*b);
      if (backlog < 1 || backlog > 65535) {
        throw ValueError("Invalid socket_backlog value " + std::to_string(backlog));
      }
      g.socket_backlog = static_cast<int>(backlog);
    }
    std::optional<std::pair<uid_t, gid_t>> owner;
    if (auto o = gget(section, "socket_owner", {})) {
      try {
        owner = to_user_group(*o, sys_);
      } catch (const ValueError&) {
        throw ValueError("Invalid socket_owner value " + *o);
      }
    }
    std::optional<mode_t> mode;
    if (auto m = gget(section, "socket_mode", {})) {
      try {
        mode = to_octal(*m);
      } catch (const ValueError&) {
        throw ValueError("Invalid socket_mode value " + *m);
      }
    }
    Expansions fcgi;
    fcgi.set("program_name", g.name);
    auto sock = gget(section, "socket", fcgi);
    if (!sock || sock->empty()) {
      throw ValueError("[" + section + "] section requires a \"socket\" line");
    }
    try {
      parse_fcgi_socket(*sock, proc_uid, owner, mode, g);
    } catch (const ValueError& e) {
      throw ValueError(std::string(e.what()) + " in [" + section + "] socket");
    }
    g.processes = processes_from_section(section, g.name);
    groups.push_back(std::move(g));
  }

  std::stable_sort(groups.begin(), groups.end(), [](const GroupConfig& a, const GroupConfig& b) {
    if (a.priority != b.priority) return a.priority < b.priority;
    return a.name < b.name;
  });
}

void Loader::parse_fcgi_socket(const std::string& sock, std::optional<uid_t> proc_uid,
                               std::optional<std::pair<uid_t, gid_t>> owner, std::optional<mode_t> mode,
                               GroupConfig& g) {
  if (starts_with(sock, "unix://")) {
    std::string path = sock.substr(7);
    if (path.empty() || path[0] != '/') {
      throw ValueError("('Unix socket path %s is not an absolute path', " + py_repr(path) + ")");
    }
    path = normalize_path(path, sys_);
    if (!owner) {
      uid_t uid = sys_.effective_uid();
      if (proc_uid && *proc_uid != uid) owner = std::make_pair(*proc_uid, gid_for_uid(*proc_uid, sys_));
    }
    g.socket = "unix://" + path;
    g.socket_owner = owner;
    g.socket_mode = mode ? *mode : 0700;
    return;
  }
  if (owner || mode) {
    throw ValueError("socket_owner and socket_mode params should only be used with a Unix domain socket");
  }
  // re.match(r'tcp://([^\s:]+):(\d+)$', sock)
  bool ok = starts_with(sock, "tcp://");
  std::string host, port;
  if (ok) {
    std::string rest = sock.substr(6);
    if (!rest.empty() && rest.back() == '\n') rest.pop_back();
    std::size_t colon = rest.find(':');
    ok = colon != std::string::npos && colon > 0;
    if (ok) {
      host = rest.substr(0, colon);
      port = rest.substr(colon + 1);
      for (std::size_t i = 0; i < host.size();) {
        if (py_isspace(utf8_next(host, i))) ok = false;
      }
      ok = ok && !port.empty() && py_int(port).has_value() &&
           port.find_first_of("+-_ \t") == std::string::npos;
    }
  }
  if (!ok) throw ValueError("('Bad socket format %s', " + py_repr(sock) + ")");
  std::int64_t n = *py_int(port);
  if (n < 1) throw ValueError(std::to_string(n) + " is below lower bound (1)");
  if (n > 65535) throw ValueError(std::to_string(n) + " is above upper bound (65535)");
  g.socket = "tcp://" + py_lower(host) + ":" + std::to_string(n);
}

void Loader::defer_extension_error(const std::string& section, const std::string& message) {
  if (deferred_error_) return;
  auto it = section_to_file_.find(section);
  std::string file = it == section_to_file_.end() ? configfile_ : it->second;
  deferred_error_ = message + " in section " + py_repr(section) + " (file: " + py_repr(file) + ")";
}

void Loader::read_channel_extensions(const std::string& section, const std::string& ch, ChannelConfig& c) {
  Expansions none;
  if (auto v = get(section, ch + "_logfile_timestamps", none, false)) {
    if (auto stamp = parse_stamp_setting(*v)) {
      c.stamp = stamp->style;
      c.stamp_pattern = std::move(stamp->pattern);
    } else {
      defer_extension_error(section, "invalid " + ch + "_logfile_timestamps " + py_repr(*v) +
                                         " (none, iso8601 or a strftime pattern with a %)");
    }
  }
  if (auto v = get(section, ch + "_logfile_rotate_every", none, false)) {
    if (auto every = parse_rotate_every(*v)) {
      c.rotate_every = *every;
    } else {
      defer_extension_error(section, "invalid " + ch + "_logfile_rotate_every " + py_repr(*v) +
                                         " (never, hourly or daily)");
    }
  }
  for (auto [key, field] : {std::pair{"_logfile_compress", &c.compress}, std::pair{"_logfile_prefix", &c.prefix}}) {
    auto v = get(section, ch + key, none, false);
    if (!v) continue;
    try {
      *field = to_boolean(*v);
    } catch (const ValueError& e) {
      defer_extension_error(section, std::string(e.what()) + " for " + ch + key);
    }
  }
}

std::vector<ProcessConfig> Loader::processes_from_section(const std::string& section,
                                                          const std::string& group_name) {
  try {
    return processes_impl(section, group_name);
  } catch (const ValueError& e) {
    auto it = section_to_file_.find(section);
    std::string file = it == section_to_file_.end() ? configfile_ : it->second;
    throw ValueError(std::string(e.what()) + " in section " + py_repr(section) +
                     " (file: " + py_repr(file) + ")");
  }
}

std::vector<ProcessConfig> Loader::processes_impl(const std::string& section,
                                                  const std::string& group_name) {
  std::string program_name = to_process_or_group_name(after_colon(section));
  // Python mutates this one dict inside the per-process loop; so do we.
  Expansions common;
  common.set("here", here_);
  common.set("program_name", program_name);
  common.set("host_node_name", host_);
  common.set("group_name", group_name);
  auto pget = [&](const char* key, bool do_expand = true) {
    return get(section, key, common, do_expand);
  };
  auto str_or = [&](const char* key, const char* d) {
    auto v = pget(key);
    return v ? *v : std::string(d);
  };

  int priority = static_cast<int>(to_integer(str_or("priority", "999")));
  bool autostart = to_boolean(str_or("autostart", "true"));
  AutoRestart autorestart = to_auto_restart(str_or("autorestart", "unexpected"));
  int startsecs = static_cast<int>(to_integer(str_or("startsecs", "1")));
  int startretries = static_cast<int>(to_integer(str_or("startretries", "3")));
  int stopsignal = to_signal_number(str_or("stopsignal", "TERM"));
  int stopwaitsecs = static_cast<int>(to_integer(str_or("stopwaitsecs", "10")));
  bool stopasgroup = to_boolean(str_or("stopasgroup", "false"));
  bool killasgroup = to_boolean(str_or("killasgroup", stopasgroup ? "true" : "false"));
  std::vector<int> exitcodes = to_exitcodes(str_or("exitcodes", "0"));
  bool redirect_stderr = to_boolean(str_or("redirect_stderr", "false"));
  std::int64_t numprocs = to_integer(str_or("numprocs", "1"));
  std::int64_t numprocs_start = to_integer(str_or("numprocs_start", "0"));
  auto env_raw = pget("environment", false);
  std::string environment_str = env_raw ? *env_raw : "";
  std::int64_t stdout_cmax = to_byte_size(str_or("stdout_capture_maxbytes", "0"));
  bool stdout_events = to_boolean(str_or("stdout_events_enabled", "false"));
  std::int64_t stderr_cmax = to_byte_size(str_or("stderr_capture_maxbytes", "0"));
  bool stderr_events = to_boolean(str_or("stderr_events_enabled", "false"));
  std::optional<std::string> serverurl = pget("serverurl");
  if (serverurl && !serverurl->empty() && py_upper(py_strip(*serverurl)) == "AUTO") serverurl.reset();
  std::optional<std::string> user = pget("user");
  std::optional<uid_t> uid;
  if (user) uid = name_to_uid(*user, sys_);
  std::optional<mode_t> umask;
  if (auto u = pget("umask")) umask = to_octal(*u);
  auto pn_raw = pget("process_name", false);
  std::string process_name = to_process_or_group_name(pn_raw ? *pn_raw : "%(program_name)s");
  if (numprocs > 1 && process_name.find("%(process_num)") == std::string::npos) {
    throw ValueError("%(process_num) must be present within process_name when numprocs > 1");
  }
  if (stopasgroup && !killasgroup) {
    throw ValueError("Cannot set stopasgroup=true and killasgroup=false");
  }

  std::vector<ProcessConfig> programs;
  for (std::int64_t num = numprocs_start; num < numprocs + numprocs_start; ++num) {
    common.set("process_num", num);
    common.set("numprocs", numprocs);
    common.update(environ_);
    auto env = to_key_value_pairs(expand_or_throw(environment_str, common, "environment"));
    for (const auto& [k, v] : env) common.set("ENV_" + k, v);

    ProcessConfig p;
    p.directory = pget("directory");
    for (int k = 0; k < 2; ++k) {
      std::string ch = k == 0 ? "stdout" : "stderr";
      ChannelConfig& c = k == 0 ? p.stdout_channel : p.stderr_channel;
      std::string lf_key = ch + "_logfile";
      auto lf = get(section, lf_key, common);
      bool is_syslog = false;
      if (!lf) {
        c.target = ChannelConfig::Target::kAuto;
      } else {
        std::string v = expand_or_throw(*lf, common, lf_key);
        std::string low = py_lower(v);
        if (low == "none" || low == "off") {
          c.target = ChannelConfig::Target::kNone;
        } else if (low == "auto") {
          c.target = ChannelConfig::Target::kAuto;
        } else if (low == "syslog") {
          is_syslog = true;
        } else {
          c.target = ChannelConfig::Target::kPath;
          c.path = to_existing_dirpath(v, sys_);
        }
      }
      auto bu = get(section, ch + "_logfile_backups", common);
      c.logfile_backups = static_cast<int>(to_integer(bu ? *bu : "10"));
      auto mb = get(section, ch + "_logfile_maxbytes", common);
      c.logfile_maxbytes = to_byte_size(mb ? *mb : "50MB");
      auto sy = get(section, ch + "_syslog", common);
      c.syslog = to_boolean(sy ? *sy : "false");
      if (is_syslog) {
        config_.warnings.push_back("For [" + section + "], " + lf_key +
                                   "=syslog but this is deprecated and will be removed.  Use " +
                                   ch + "_syslog=true to enable syslog instead.");
        c.target = ChannelConfig::Target::kNone;
        c.syslog = true;
      }
      read_channel_extensions(section, ch, c);
      if (c.target == ChannelConfig::Target::kAuto && c.logfile_maxbytes == 0) {
        config_.warnings.push_back("For [" + section + "], AUTO logging used for " + lf_key +
                                   " without rollover, set maxbytes > 0 to avoid filling up "
                                   "filesystem unintentionally");
      }
    }
    if (redirect_stderr) {
      if (p.stderr_channel.target == ChannelConfig::Target::kPath) {
        config_.warnings.push_back("For [" + section +
                                   "], redirect_stderr=true but stderr_logfile has also been set "
                                   "to a filename, the filename has been ignored");
      }
      p.stderr_channel.target = ChannelConfig::Target::kNone;
      p.stderr_channel.path.clear();
    }
    auto command = pget("command");
    if (!command) throw ValueError("program section " + section + " does not specify a command");

    p.name = expand_or_throw(process_name, common, "process_name");
    p.group = group_name;
    p.section = section;
    p.process_num = static_cast<int>(num);
    p.numprocs = static_cast<int>(numprocs);
    p.command = *command;
    p.autostart = autostart;
    p.autorestart = autorestart;
    p.user = user;
    p.uid = uid;
    p.exitcodes = exitcodes;
    p.priority = priority;
    p.startsecs = startsecs;
    p.startretries = startretries;
    p.stopsignal = stopsignal;
    p.stopwaitsecs = stopwaitsecs;
    p.stopasgroup = stopasgroup;
    p.killasgroup = killasgroup;
    p.redirect_stderr = redirect_stderr;
    p.umask = umask;
    p.serverurl = serverurl;
    for (const auto& [k, v] : env) p.environment[k] = v;
    p.stdout_channel.capture_maxbytes = stdout_cmax;
    p.stdout_channel.events_enabled = stdout_events;
    p.stderr_channel.capture_maxbytes = stderr_cmax;
    p.stderr_channel.events_enabled = stderr_events;
    if (!deferred_error_) {
      try {
        p.lifecycle = read_lifecycle(section, common);
      } catch (const ValueError& e) {
        deferred_error_ = std::string(e.what()) + " in section " + py_repr(section) + " (file: " +
                          py_repr(section_to_file_.count(section) ? section_to_file_[section] : configfile_) + ")";
      }
    }
    programs.push_back(std::move(p));
  }
  std::stable_sort(programs.begin(), programs.end(), [](const ProcessConfig& a, const ProcessConfig& b) {
    if (a.priority != b.priority) return a.priority < b.priority;
    return a.name < b.name;
  });
  return programs;
}

}  // namespace sup::config_internal
