#include "common/server_options.h"

#include <functional>

#include "common/config_loader.h"
#include "common/pyrepr.h"
#include "common/value_types.h"

namespace sup {

namespace {

// supervisord's module docstring, printed by -h with "%s" replaced by argv[0].
constexpr const char* kHelp =
    "supervisord -- run a set of applications as daemons.\n"
    "\n"
    "Usage: %s [options]\n"
    "\n"
    "Options:\n"
    "-c/--configuration FILENAME -- configuration file path (searches if not given)\n"
    "-n/--nodaemon -- run in the foreground (same as 'nodaemon=true' in config file)\n"
    "-s/--silent -- no logs to stdout (maps to 'silent=true' in config file)\n"
    "-h/--help -- print this usage message and exit\n"
    "-v/--version -- print supervisord version number and exit\n"
    "-u/--user USER -- run supervisord as this user (or numeric uid)\n"
    "-m/--umask UMASK -- use this umask for daemon subprocess (default is 022)\n"
    "-d/--directory DIRECTORY -- directory to chdir to when daemonized\n"
    "-l/--logfile FILENAME -- use FILENAME as logfile path\n"
    "-y/--logfile_maxbytes BYTES -- use BYTES to limit the max size of logfile\n"
    "-z/--logfile_backups NUM -- number of backups to keep when max bytes reached\n"
    "-e/--loglevel LEVEL -- use LEVEL as log level (debug,info,warn,error,critical)\n"
    "-j/--pidfile FILENAME -- write a pid file for the daemon process to FILENAME\n"
    "-i/--identifier STR -- identifier used for this instance of supervisord\n"
    "-q/--childlogdir DIRECTORY -- the log directory for child process logs\n"
    "-k/--nocleanup --  prevent the process from performing cleanup (removal of\n"
    "                   old automatic child log files) at startup.\n"
    "-a/--minfds NUM -- the minimum number of file descriptors for start success\n"
    "-t/--strip_ansi -- strip ansi escape codes from process output\n"
    "--minprocs NUM  -- the minimum number of processes available for start success\n"
    "--profile_options OPTIONS -- run supervisord under profiler and output\n"
    "                             results based on OPTIONS, which  is a comma-sep'd\n"
    "                             list of 'cumulative', 'calls', and/or 'callers',\n"
    "                             e.g. 'cumulative,callers')\n"
    "\n";

struct OptionDef {
  char short_name;         // 0 = none
  const char* long_name;   // without "--"
  bool takes_arg;
  const char* attr;        // conflict-detection key; nullptr for -h/-v
};

// Long options in Supervisor's registration order (prefix matching depends on the set).
constexpr OptionDef kOptions[] = {
    {'h', "help", false, nullptr},
    {'?', nullptr, false, nullptr},
    {'c', "configuration", true, "configfile"},
    {'v', "version", false, nullptr},
    {'n', "nodaemon", false, "nodaemon"},
    {'u', "user", true, "user"},
    {'m', "umask", true, "umask"},
    {'d', "directory", true, "directory"},
    {'l', "logfile", true, "logfile"},
    {'y', "logfile_maxbytes", true, "logfile_maxbytes"},
    {'z', "logfile_backups", true, "logfile_backups"},
    {'e', "loglevel", true, "loglevel"},
    {'j', "pidfile", true, "pidfile"},
    {'i', "identifier", true, "identifier"},
    {'q', "childlogdir", true, "childlogdir"},
    {'a', "minfds", true, "minfds"},
    {0, "minprocs", true, "minprocs"},
    {'k', "nocleanup", false, "nocleanup"},
    {'t', "strip_ansi", false, "strip_ansi"},
    {0, "profile_options", true, "profile_options"},
    {'s', "silent", false, "silent"},
};

struct GetoptError {
  std::string message;
};

struct Parsed {
  std::string opt;  // "-c" or "--configuration"
  const OptionDef* def;
  std::string arg;
};

// Python getopt.getopt(args, shortopts, longopts); our own flags --check-config and --json
// match only when spelled out, so that Supervisor's prefixes keep their meaning.
std::variant<std::vector<Parsed>, GetoptError> run_getopt(const std::vector<std::string>& args,
                                                          std::vector<std::string>& rest,
                                                          bool& check_config, bool& json) {
  std::vector<Parsed> out;
  std::size_t i = 0;
  while (i < args.size()) {
    const std::string& a = args[i];
    if (a == "--") {
      ++i;
      break;
    }
    if (a.size() < 2 || a[0] != '-') break;
    if (a.rfind("--", 0) == 0) {
      std::string body = a.substr(2);
      std::optional<std::string> value;
      std::size_t eq = body.find('=');
      if (eq != std::string::npos) {
        value = body.substr(eq + 1);
        body = body.substr(0, eq);
      }
      ++i;
      if (body == "check-config" || body == "json") {
        if (value) return GetoptError{"option --" + body + " must not have an argument"};
        (body == "json" ? json : check_config) = true;
        continue;
      }
      std::vector<const OptionDef*> matches;
      const OptionDef* exact = nullptr;
      for (const auto& d : kOptions) {
        if (!d.long_name) continue;
        std::string name = d.long_name;
        if (name.rfind(body, 0) == 0) matches.push_back(&d);
        if (name == body) exact = &d;
      }
      if (matches.empty()) return GetoptError{"option --" + body + " not recognized"};
      if (!exact) {
        if (matches.size() > 1) return GetoptError{"option --" + body + " not a unique prefix"};
        exact = matches[0];
      }
      std::string full = std::string("--") + exact->long_name;
      if (exact->takes_arg) {
        if (!value) {
          if (i >= args.size()) return GetoptError{"option " + full + " requires argument"};
          value = args[i++];
        }
      } else if (value) {
        return GetoptError{"option " + full + " must not have an argument"};
      }
      out.push_back(Parsed{full, exact, value.value_or("")});
      continue;
    }
    std::string shorts = a.substr(1);
    ++i;
    for (std::size_t k = 0; k < shorts.size(); ++k) {
      char c = shorts[k];
      const OptionDef* def = nullptr;
      for (const auto& d : kOptions) {
        if (d.short_name && d.short_name == c) def = &d;
      }
      std::string opt = std::string("-") + c;
      if (!def) return GetoptError{"option " + opt + " not recognized"};
      if (def->takes_arg) {
        std::string value = shorts.substr(k + 1);
        if (value.empty()) {
          if (i >= args.size()) return GetoptError{"option " + opt + " requires argument"};
          value = args[i++];
        }
        out.push_back(Parsed{opt, def, value});
        break;
      }
      out.push_back(Parsed{opt, def, ""});
    }
  }
  for (; i < args.size(); ++i) rest.push_back(args[i]);
  return out;
}

}  // namespace

std::string usage_error_text(const std::string& progname, const std::string& message) {
  return "Error: " + message + "\nFor help, use " + progname + " -h\n";
}

std::variant<ServerOptions, ExitRequest> parse_server_options(const std::vector<std::string>& argv,
                                                              const System& sys) {
  ServerOptions o;
  o.progname = argv.empty() ? "supervisord" : argv[0];
  auto fail = [&](const std::string& msg) { return ExitRequest{2, "", usage_error_text(o.progname, msg)}; };
  std::vector<std::string> args(argv.empty() ? argv.begin() : argv.begin() + 1, argv.end());
  std::vector<std::string> rest;
  auto parsed = run_getopt(args, rest, o.check_config, o.json);
  if (auto* e = std::get_if<GetoptError>(&parsed)) return fail(e->message);
  if (!rest.empty()) return fail("positional arguments are not supported: " + py_list_repr(rest));

  std::vector<std::string> seen;
  for (const auto& p : std::get<std::vector<Parsed>>(parsed)) {
    std::string name = p.def->long_name ? p.def->long_name : "";
    if (!p.def->attr) {
      if (name == "version") return ExitRequest{0, "4.2.5\n", ""};
      std::string help = kHelp;
      for (std::size_t at; (at = help.find("%s")) != std::string::npos;) help.replace(at, 2, o.progname);
      return ExitRequest{0, help, ""};
    }
    std::string attr = p.def->attr;
    try {
      // Conversion first, then the "already given" check, as Options.realize() does.
      std::function<void()> assign;
      const std::string& v = p.arg;
      if (attr == "configfile") assign = [&o, v] { o.configfile = v; };
      else if (attr == "nodaemon") assign = [&o] { o.nodaemon = true; };
      else if (attr == "silent") assign = [&o] { o.silent = true; };
      else if (attr == "nocleanup") assign = [&o] { o.nocleanup = true; };
      else if (attr == "strip_ansi") assign = [&o] { o.strip_ansi = true; };
      else if (attr == "user") assign = [&o, v] { o.user = v; };
      else if (attr == "umask") assign = [&o, m = to_octal(v)] { o.umask = m; };
      else if (attr == "directory") assign = [&o, d = to_existing_directory(v, sys)] { o.directory = d; };
      else if (attr == "logfile") assign = [&o, l = to_existing_dirpath(v, sys)] { o.logfile = l; };
      else if (attr == "logfile_maxbytes") assign = [&o, n = to_byte_size(v)] { o.logfile_maxbytes = n; };
      else if (attr == "logfile_backups") assign = [&o, n = to_integer(v)] { o.logfile_backups = static_cast<int>(n); };
      else if (attr == "loglevel") assign = [&o, l = to_logging_level(v)] { o.loglevel = l; };
      else if (attr == "pidfile") assign = [&o, l = to_existing_dirpath(v, sys)] { o.pidfile = l; };
      else if (attr == "identifier") assign = [&o, v] { o.identifier = v; };
      else if (attr == "childlogdir") assign = [&o, d = to_existing_directory(v, sys)] { o.childlogdir = d; };
      else if (attr == "minfds") assign = [&o, n = to_integer(v)] { o.minfds = static_cast<int>(n); };
      else if (attr == "minprocs") assign = [&o, n = to_integer(v)] { o.minprocs = static_cast<int>(n); };
      else if (attr == "profile_options") assign = [&o, v] { o.profile_options = v; };
      bool given = std::find(seen.begin(), seen.end(), attr) != seen.end();
      if (given) return fail("conflicting command line option " + py_repr(p.opt));
      seen.push_back(attr);
      assign();
    } catch (const ValueError& e) {
      return fail("invalid value for " + p.opt + " " + py_repr(p.arg) + ": " + e.what());
    }
  }
  return o;
}

std::vector<std::string> default_config_paths(const std::string& argv0) {
  std::string here = dirname(dirname(argv0));
  return {path_join(here, "etc/supervisord.conf"),
          path_join(here, "supervisord.conf"),
          "supervisord.conf",
          "etc/supervisord.conf",
          "/etc/supervisord.conf",
          "/etc/supervisor/supervisord.conf"};
}

ServerConfigLoad load_server_config(const ServerOptions& options, const System& sys) {
  ServerConfigLoad out;
  std::string path;
  if (options.configfile) {
    path = *options.configfile;
  } else {
    if (sys.effective_uid() == 0) {
      out.notice =
          "UserWarning: Supervisord is running as root and it is searching for its configuration "
          "file in default locations (including its current working directory); you probably want "
          "to specify a \"-c\" argument specifying an absolute path to a configuration file for "
          "improved security.\n";
    }
    std::vector<std::string> paths = default_config_paths(options.progname);
    for (const auto& p : paths) {
      if (sys.exists(p)) {
        path = p;
        break;
      }
    }
    if (path.empty()) {
      std::string list;
      for (const auto& p : paths) list += (list.empty() ? "" : ", ") + p;
      out.error = ConfigError{"No config file found at default paths (" + list +
                              "); use the -c option to specify a config file at a different path"};
      out.exit = ExitRequest{2, "", usage_error_text(options.progname, out.error->message)};
      return out;
    }
  }
  auto loaded = load_config(path, sys, options);
  if (auto* err = std::get_if<ConfigError>(&loaded)) {
    out.error = *err;
    out.exit = ExitRequest{2, "", usage_error_text(options.progname, err->message)};
    return out;
  }
  out.config = std::move(std::get<Config>(loaded));
  return out;
}

}  // namespace sup
