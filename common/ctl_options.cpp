#include "common/ctl_options.h"

#include "common/ini_reader.h"
#include "common/pyformat.h"
#include "common/server_options.h"
#include "common/value_types.h"

namespace sup {

std::optional<std::string> find_ctl_config(const std::string& argv0, const System& sys) {
  for (const auto& p : default_config_paths(argv0)) {
    if (sys.exists(p)) return p;
  }
  return std::nullopt;
}

std::variant<CtlConfig, ConfigError> load_ctl_config(const std::optional<std::string>& path,
                                                     const System& sys) {
  CtlConfig ctl;
  if (!path) return ctl;
  const std::string& fp = *path;
  std::string here = dirname(normalize_path(fp, sys));
  if (!sys.exists(fp)) return ConfigError{"could not find config file " + fp};
  FileRead file = sys.read_file(fp);
  if (file.status != FileRead::Status::kOk) return ConfigError{"could not read config file " + fp};
  IniParser parser;
  parser.keep_sections([](const std::string& name) {
    return name == "supervisorctl" || name.rfind("ctlplugin:", 0) == 0;
  });
  if (auto err = parser.read(file.bytes, fp)) {
    // ClientOptions catches only the ValueError family (decoding); configparser's own
    // errors escape as a traceback.
    if (err->type == "UnicodeDecodeError") return ConfigError{err->message};
    return ConfigError{err->type + ": " + err->message, true};
  }
  if (!parser.has_section("supervisorctl")) {
    return ConfigError{".ini file does not include supervisorctl section"};
  }
  Expansions environ;
  for (const auto& [k, v] : sys.environment()) environ.set("ENV_" + k, v);
  try {
    auto get = [&](const char* key, bool with_here) -> std::optional<std::string> {
      auto v = parser.get("supervisorctl", key);
      if (!v) return v;
      Expansions e = environ;
      if (with_here) e.set("here", here);
      ExpandResult r = expand(*v, e, std::string("supervisorctl.") + key);
      if (r.error) throw ValueError(*r.error);
      return r.text;
    };
    std::string serverurl = get("serverurl", true).value_or("http://localhost:9001");
    if (serverurl.rfind("unix://", 0) == 0) serverurl = "unix://" + normalize_path(serverurl.substr(7), sys);
    ctl.serverurl = serverurl;
    ctl.prompt = get("prompt", false).value_or("supervisor");
    ctl.username = get("username", false);
    ctl.password = get("password", false);
    auto history = get("history_file", true);
    if (history && !history->empty()) ctl.history_file = normalize_path(*history, sys);
    static const std::string kKey = "supervisor.ctl_factory";
    for (const auto& section : parser.sections()) {
      if (section.rfind("ctlplugin:", 0) != 0) continue;
      auto spec = parser.get(section, kKey);
      if (!spec) return ConfigError{"section [" + section + "] does not specify a " + kKey};
      ExpandResult r = expand(*spec, environ, section + "." + kKey);
      if (r.error) throw ValueError(*r.error);
      // Only supervisor's own modules exist here, and none of them is a controller plugin
      // factory apart from the built-in default one.
      if (!resolve_entry_point(r.text)) {
        return ConfigError{r.text + " cannot be resolved within [" + section + "]"};
      }
      for (const auto& key : parser.options(section)) {
        if (key == kKey) continue;
        ExpandResult x = expand(*parser.get(section, key), environ, section + "." + key);
        if (x.error) throw ValueError(*x.error);
      }
    }
  } catch (const ValueError& e) {
    return ConfigError{e.what()};
  }
  return ctl;
}

}  // namespace sup
