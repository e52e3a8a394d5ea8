#include "common/config_loader.h"

#include <algorithm>

#include "common/config_loader_impl.h"
#include "common/pyrepr.h"
#include "common/pystr.h"
#include "common/value_types.h"

namespace sup {

namespace config_internal {

std::string after_colon(const std::string& section) {
  std::size_t c = section.find(':');
  return c == std::string::npos ? "" : section.substr(c + 1);
}

bool starts_with(const std::string& s, const std::string& prefix) { return s.rfind(prefix, 0) == 0; }

namespace {

std::string temp_directory(const System& sys) {
  for (const char* var : {"TMPDIR", "TEMP", "TMP"}) {
    if (auto v = sys.getenv(var); v && !v->empty() && sys.is_directory(*v)) return *v;
  }
  return "/tmp";
}

}  // namespace

Loader::Loader(const System& sys, std::string configfile, const ServerOptions& cli)
    : sys_(sys), configfile_(std::move(configfile)), cli_(cli) {
  for (const auto& [k, v] : sys_.environment()) environ_.set("ENV_" + k, v);
  here_ = abspath(dirname(configfile_), sys_);
  host_ = sys_.hostname();
}

Config Loader::run() {
  parser_.track_locations({"depends_on"});
  read_files();
  if (!parser_.has_section("supervisord")) {
    throw ValueError(".ini file does not include supervisord section");
  }
  read_supervisord();
  read_rpcinterfaces();
  read_groups();
  for (auto& group : config_.groups) {
    for (auto& proc : group.processes) {
      proc.group = group.name;
      proc.group_priority = group.priority;
      std::map<std::string, std::string> env = config_.supervisord.environment;
      for (const auto& [k, v] : proc.environment) env[k] = v;
      proc.environment = std::move(env);
    }
  }
  read_servers();
  realize();
  read_extensions();
  config_.path = configfile_;
  return std::move(config_);
}

std::optional<std::string> Loader::get(const std::string& section, const std::string& option,
                                       const Expansions& extra, bool do_expand) {
  auto v = parser_.get(section, option);
  if (!v || !do_expand) return v;
  Expansions combined = environ_;
  combined.update(extra);
  return expand_or_throw(*v, combined, section + "." + option);
}

std::string Loader::expand_or_throw(const std::string& s, const Expansions& e,
                                    const std::string& name) {
  ExpandResult r = expand(s, e, name);
  if (r.error) throw ValueError(*r.error);
  return r.text;
}

Expansions Loader::here_only() const {
  Expansions e;
  e.set("here", here_);
  return e;
}

void Loader::read_files() {
  if (!sys_.exists(configfile_)) throw ValueError("could not find config file " + configfile_);
  FileRead main = sys_.read_file(configfile_);
  if (main.status != FileRead::Status::kOk) {
    throw ValueError("could not read config file " + configfile_);
  }
  if (auto err = parser_.read(main.bytes, configfile_)) throw ValueError(err->message);

  Expansions expansions;
  expansions.set("here", here_);
  expansions.set("host_node_name", host_);
  expansions.update(environ_);
  if (!parser_.has_section("include")) return;
  parser_.expand_here(here_);
  auto files = parser_.get("include", "files");
  if (!files) throw ValueError(".ini file has [include] section, but no files setting");
  std::string expanded = expand_or_throw(*files, expansions, "include.files");
  std::string base = dirname(abspath(configfile_, sys_));
  for (const auto& raw : py_split_whitespace(expanded)) {
    std::string pattern = path_join(base, raw);
    std::vector<std::string> names = sys_.glob(pattern);
    if (names.empty()) {
      config_.warnings.push_back("No file matches via include \"" + pattern + "\"");
      continue;
    }
    std::sort(names.begin(), names.end());
    for (const auto& name : names) {
      config_.infos.push_back("Included extra file \"" + name + "\" during parsing");
      FileRead file = sys_.read_file(name);
      if (file.status == FileRead::Status::kOk) {
        std::vector<std::string> before = parser_.sections();
        auto err = parser_.read(file.bytes, name);
        for (const auto& s : parser_.sections()) {
          if (std::find(before.begin(), before.end(), s) == before.end()) {
            section_to_file_[s] = name;
          }
        }
        if (err) throw ValueError(err->message);
      }
      parser_.expand_here(abspath(dirname(name), sys_));
    }
  }
}

void Loader::read_supervisord() {
  SupervisordConfig& s = config_.supervisord;
  auto get_s = [&](const char* key) { return get("supervisord", key, here_only()); };
  auto or_default = [](std::optional<std::string> v, const char* d) { return v ? *v : d; };
  s.minfds = static_cast<int>(to_integer(or_default(get_s("minfds"), "1024")));
  s.minprocs = static_cast<int>(to_integer(or_default(get_s("minprocs"), "200")));
  if (auto d = get_s("directory")) s.directory = to_existing_directory(*d, sys_);
  s.user = get_s("user");
  s.umask = to_octal(or_default(get_s("umask"), "022"));
  s.logfile = to_existing_dirpath(or_default(get_s("logfile"), "supervisord.log"), sys_);
  s.logfile_maxbytes = to_byte_size(or_default(get_s("logfile_maxbytes"), "50MB"));
  s.logfile_backups = static_cast<int>(to_integer(or_default(get_s("logfile_backups"), "10")));
  s.loglevel = to_logging_level(or_default(get_s("loglevel"), "info"));
  s.pidfile = to_existing_dirpath(or_default(get_s("pidfile"), "supervisord.pid"), sys_);
  s.identifier = or_default(get_s("identifier"), "supervisor");
  s.nodaemon = to_boolean(or_default(get_s("nodaemon"), "false"));
  s.silent = to_boolean(or_default(get_s("silent"), "false"));
  auto childlogdir = get_s("childlogdir");
  s.childlogdir = to_existing_directory(childlogdir ? *childlogdir : temp_directory(sys_), sys_);
  s.nocleanup = to_boolean(or_default(get_s("nocleanup"), "false"));
  s.strip_ansi = to_boolean(or_default(get_s("strip_ansi"), "false"));
  std::string environ_str = or_default(get_s("environment"), "");
  Expansions second;
  second.set("here", here_);
  second.set("host_node_name", host_);
  second.update(environ_);
  environ_str = expand_or_throw(environ_str, second, "environment");
  for (const auto& [k, v] : to_key_value_pairs(environ_str)) {
    s.environment[k] = v;
    environ_.set("ENV_" + k, v);
  }
}

void Loader::read_extensions() {
  if (deferred_error_) throw ValueError(*deferred_error_);
  check_dependencies();
  if (auto root = get("supervisord", "cgroup_root", here_only())) {
    config_.supervisord.cgroup_root = normalize_path(py_strip(*root), sys_);
  }
  for (const GroupConfig& g : config_.groups) {
    for (const ProcessConfig& p : g.processes) {
      if (p.lifecycle && p.lifecycle->cgroup.any() && !config_.supervisord.cgroup_root) {
        throw ValueError("[" + p.section + "] sets memory_max, cpu_max or pids_max, which need cgroup_root in [supervisord]");
      }
    }
  }
  // Milliseconds; bounded so that a deadline computed from it cannot overflow the clock.
  constexpr std::int64_t kMaxPacing = 2147483647;
  auto pacing = get("supervisord", "respawn_pacing", here_only());
  if (!pacing) return;
  std::int64_t ms = to_integer(*pacing);
  if (ms < 0) throw ValueError(std::to_string(ms) + " is below lower bound (0)");
  if (ms > kMaxPacing) {
    throw ValueError(std::to_string(ms) + " is above upper bound (" + std::to_string(kMaxPacing) + ")");
  }
  config_.supervisord.respawn_pacing_ms = ms;
}

void Loader::read_rpcinterfaces() {
  static const std::string kKey = "supervisor.rpcinterface_factory";
  for (const auto& section : parser_.sections()) {
    if (!starts_with(section, "rpcinterface:")) continue;
    RpcInterfaceConfig rpc;
    rpc.name = after_colon(section);
    auto spec = get(section, kKey, Expansions{});
    if (!spec) throw ValueError("section [" + section + "] does not specify a " + kKey);
    auto resolved = resolve_entry_point(*spec);
    if (!resolved) throw ValueError(*spec + " cannot be resolved within [" + section + "]");
    rpc.factory = *resolved;
    for (const auto& key : parser_.options(section)) {
      if (key != kKey) rpc.extras[key] = *get(section, key, Expansions{});
    }
    config_.supervisord.rpcinterfaces.push_back(std::move(rpc));
  }
}

void Loader::read_servers() {
  auto& servers = config_.supervisord.http_servers;
  auto auth = [&](const std::string& section, HttpServerConfig& c) {
    c.username = get(section, "username", Expansions{});
    c.password = get(section, "password", Expansions{});
    if (c.username.has_value() != c.password.has_value()) {
      throw ValueError("Section [" + section +
                       "] contains incomplete authentication: If a username or a password is "
                       "specified, both the username and password must be specified");
    }
  };
  for (const auto& section : parser_.sections()) {
    if (!starts_with(section, "inet_http_server")) continue;
    HttpServerConfig c;
    c.type = HttpServerConfig::Type::kInet;
    c.section = section;
    auth(section, c);
    auto port = get(section, "port", Expansions{});
    if (!port) throw ValueError("section [" + section + "] has no port value");
    auto [host, p] = to_inet_address(*port);
    c.host = host;
    c.port = p;
    servers.push_back(std::move(c));
  }
  for (const auto& section : parser_.sections()) {
    if (!starts_with(section, "unix_http_server")) continue;
    HttpServerConfig c;
    c.type = HttpServerConfig::Type::kUnix;
    c.section = section;
    auto file = get(section, "file", here_only());
    if (!file) throw ValueError("section [" + section + "] has no file value");
    c.file = normalize_path(py_strip(*file), sys_);
    auth(section, c);
    if (auto chown = get(section, "chown", Expansions{})) {
      try {
        auto [u, g] = to_user_group(*chown, sys_);
        c.chown_uid = u;
        c.chown_gid = g;
      } catch (const ValueError&) {
        throw ValueError("Invalid sockchown value " + *chown);
      }
    }
    if (auto chmod = get(section, "chmod", Expansions{})) {
      try {
        c.chmod = to_octal(*chmod);
      } catch (const ValueError&) {
        throw ValueError("Invalid chmod value " + *chmod);
      }
    }
    servers.push_back(std::move(c));
  }
}

void Loader::realize() {
  SupervisordConfig& s = config_.supervisord;
  if (cli_.nodaemon) s.nodaemon = *cli_.nodaemon;
  if (cli_.silent) s.silent = *cli_.silent;
  if (cli_.nocleanup) s.nocleanup = *cli_.nocleanup;
  if (cli_.strip_ansi) s.strip_ansi = *cli_.strip_ansi;
  if (cli_.umask) s.umask = *cli_.umask;
  if (cli_.directory) s.directory = *cli_.directory;
  if (cli_.logfile_maxbytes) s.logfile_maxbytes = *cli_.logfile_maxbytes;
  if (cli_.logfile_backups) s.logfile_backups = *cli_.logfile_backups;
  if (cli_.loglevel) s.loglevel = *cli_.loglevel;
  if (cli_.identifier) s.identifier = *cli_.identifier;
  if (cli_.childlogdir) s.childlogdir = *cli_.childlogdir;
  if (cli_.minfds) s.minfds = *cli_.minfds;
  if (cli_.minprocs) s.minprocs = *cli_.minprocs;
  if (cli_.user) s.user = *cli_.user;
  if (s.user) {
    uid_t uid = name_to_uid(*s.user, sys_);
    s.uid = uid;
    s.gid = gid_for_uid(uid, sys_);
  }
  std::string logfile = cli_.logfile && !cli_.logfile->empty() ? *cli_.logfile : s.logfile;
  s.logfile = logfile == "syslog" ? logfile : normalize_path(logfile, sys_);
  std::string pidfile = cli_.pidfile && !cli_.pidfile->empty() ? *cli_.pidfile : s.pidfile;
  s.pidfile = normalize_path(pidfile, sys_);
  s.serverurl.reset();
  for (const auto& c : s.http_servers) {
    if (c.type == HttpServerConfig::Type::kUnix) {
      s.serverurl = "unix://" + c.file;
      break;
    }
  }
  if (!s.serverurl) {
    // Supervisor's inet loop has no break: the last inet server wins.
    for (const auto& c : s.http_servers) {
      if (c.type == HttpServerConfig::Type::kInet) {
        s.serverurl = "http://" + (c.host.empty() ? std::string("localhost") : c.host) + ":" +
                      std::to_string(c.port);
      }
    }
  }
}

}  // namespace config_internal

std::variant<Config, ConfigError> load_config(const std::string& path, const System& sys,
                                              const ServerOptions& cli) {
  try {
    config_internal::Loader loader(sys, path, cli);
    return loader.run();
  } catch (const ValueError& e) {
    return ConfigError{e.what(), false};
  }
}

}  // namespace sup
