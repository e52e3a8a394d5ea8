#include "common/value_types.h"

#include <fmt/format.h>

#include <cctype>

#include "common/pyrepr.h"
#include "common/pystr.h"
#include "common/shlex.h"
#include "common/signals.h"

namespace sup {

namespace {

std::string int_error(const std::string& v) {
  return "invalid literal for int() with base 10: " + py_repr(v);
}

struct LevelName {
  const char* name;
  LogLevel level;
};
constexpr LevelName kLevels[] = {
    {"critical", LogLevel::kCritical}, {"error", LogLevel::kError}, {"warn", LogLevel::kWarn},
    {"info", LogLevel::kInfo},         {"debug", LogLevel::kDebug}, {"trace", LogLevel::kTrace},
    {"blather", LogLevel::kBlather},
};

bool in(const std::string& s, std::initializer_list<const char*> words) {
  for (const char* w : words) {
    if (s == w) return true;
  }
  return false;
}

}  // namespace

std::int64_t to_integer(const std::string& v) {
  auto n = py_int(v);
  if (!n) throw ValueError(int_error(v));
  return *n;
}

bool to_boolean(const std::string& v) {
  std::string s = py_lower(v);
  if (in(s, {"yes", "true", "on", "1"})) return true;
  if (in(s, {"no", "false", "off", "0"})) return false;
  throw ValueError("not a valid boolean value: " + py_repr(v));
}

std::int64_t to_byte_size(const std::string& v) {
  std::string s = py_lower(v);
  static const std::pair<const char*, std::int64_t> kSuffixes[] = {
      {"kb", 1024LL}, {"mb", 1024LL * 1024}, {"gb", 1024LL * 1024 * 1024}};
  // Python compares the last two code points with each suffix.
  std::u32string u = utf8_to_u32(s);
  for (const auto& [suffix, mult] : kSuffixes) {
    if (u.size() >= 2 && u32_to_utf8(u.substr(u.size() - 2)) == suffix) {
      std::string num = u32_to_utf8(u.substr(0, u.size() - 2));
      auto n = py_int(num);
      if (!n) throw ValueError(int_error(num));
      return *n * mult;
    }
  }
  auto n = py_int(s);
  if (!n) throw ValueError(int_error(s));
  return *n;
}

mode_t to_octal(const std::string& v) {
  auto n = py_int(v, 8);
  if (!n) throw ValueError(v + " can not be converted to an octal type");
  return static_cast<mode_t>(*n);
}

LogLevel to_logging_level(const std::string& v) {
  std::string s = py_lower(v);
  for (const auto& l : kLevels) {
    if (s == l.name) return l.level;
  }
  throw ValueError("bad logging level name " + py_repr(v));
}

std::string logging_level_name(LogLevel level) {
  for (const auto& l : kLevels) {
    if (l.level == level) return l.name;
  }
  return std::to_string(static_cast<int>(level));
}

AutoRestart to_auto_restart(const std::string& v) {
  std::string s = py_lower(v);
  if (in(s, {"yes", "true", "on", "1"})) return AutoRestart::kAlways;
  if (in(s, {"no", "false", "off", "0"})) return AutoRestart::kNever;
  if (s == "unexpected") return AutoRestart::kUnexpected;
  throw ValueError("invalid 'autorestart' value " + py_repr(s));
}

std::vector<int> to_exitcodes(const std::string& v) {
  std::vector<int> codes;
  if (v.empty()) return codes;
  std::size_t pos = 0;
  for (;;) {
    std::size_t comma = v.find(',', pos);
    std::string item = v.substr(pos, comma == std::string::npos ? std::string::npos : comma - pos);
    auto n = py_int(item);
    if (!n || *n < 0 || *n > 255) throw ValueError("not a valid list of exit codes: " + py_repr(v));
    codes.push_back(static_cast<int>(*n));
    if (comma == std::string::npos) break;
    pos = comma + 1;
  }
  return codes;
}

std::vector<std::string> to_list_of_strings(const std::string& v) {
  std::vector<std::string> items;
  if (v.empty()) return items;
  std::size_t pos = 0;
  for (;;) {
    std::size_t comma = v.find(',', pos);
    items.push_back(py_strip(v.substr(pos, comma == std::string::npos ? std::string::npos : comma - pos)));
    if (comma == std::string::npos) break;
    pos = comma + 1;
  }
  return items;
}

int to_signal_number(const std::string& v) {
  SignalParse p = parse_signal(v);
  if (p.error) throw ValueError(*p.error);
  return p.number;
}

std::string to_process_or_group_name(const std::string& v) {
  std::string s = py_strip(v);
  for (char c : std::string(" :/")) {
    if (s.find(c) != std::string::npos) {
      throw ValueError("Invalid name: " + py_repr(v) + " because of character: " +
                       py_repr(std::string(1, c)));
    }
  }
  return s;
}

std::vector<std::pair<std::string, std::string>> to_key_value_pairs(const std::string& v) {
  ShlexResult lex = tokenize_nonposix(v, "/.+-():");
  if (lex.error) throw ValueError(*lex.error);
  std::vector<std::pair<std::string, std::string>> pairs;
  const auto& t = lex.tokens;
  for (std::size_t i = 0; i < t.size(); i += 4) {
    if (i + 3 > t.size() || t[i + 1] != "=") {
      throw ValueError("Unexpected end of key/value pairs in value '" + v + "'");
    }
    // str.strip('\'"') on code points; quotes are ASCII so bytes suffice.
    const std::string& raw = t[i + 2];
    std::size_t b = raw.find_first_not_of("'\"");
    std::string value = b == std::string::npos ? "" : raw.substr(b, raw.find_last_not_of("'\"") - b + 1);
    bool replaced = false;
    for (auto& kv : pairs) {
      if (kv.first == t[i]) {
        kv.second = value;
        replaced = true;
      }
    }
    if (!replaced) pairs.emplace_back(t[i], value);
  }
  return pairs;
}

namespace {

int to_port_number(const std::string& v) {
  std::int64_t n = to_integer(v);
  if (n < 1) throw ValueError(fmt::format("{} is below lower bound (1)", n));
  if (n > 65535) throw ValueError(fmt::format("{} is above upper bound (65535)", n));
  return static_cast<int>(n);
}

}  // namespace

std::pair<std::string, int> to_inet_address(const std::string& v) {
  std::string host;
  int port = 0;
  std::size_t colon = v.rfind(':');
  if (colon != std::string::npos) {
    host = v.substr(0, colon);
    std::string p = v.substr(colon + 1);
    if (p.empty()) throw ValueError("no port number specified in " + py_repr(p));
    port = to_port_number(p);
    host = py_lower(host);
  } else {
    try {
      port = to_port_number(v);
    } catch (const ValueError&) {
      throw ValueError("not a valid port number: " + py_repr(v) + " ");
    }
  }
  if (host == "*") host.clear();
  return {host, port};
}

std::string expanduser(const std::string& path, const System& sys) {
  if (path.empty() || path[0] != '~') return path;
  std::size_t i = path.find('/', 1);
  if (i == std::string::npos) i = path.size();
  std::string home;
  if (i == 1) {
    if (auto h = sys.getenv("HOME")) {
      home = *h;
    } else if (auto pw = sys.user_by_uid(sys.effective_uid())) {
      home = pw->home;
    } else {
      return path;
    }
  } else {
    auto pw = sys.user_by_name(path.substr(1, i - 1));
    if (!pw) return path;
    home = pw->home;
  }
  while (!home.empty() && home.back() == '/') home.pop_back();
  std::string result = home + path.substr(i);
  return result.empty() ? "/" : result;
}

std::string normpath(const std::string& path) {
  if (path.empty()) return ".";
  int initial = 0;
  if (path[0] == '/') initial = (path.rfind("//", 0) == 0 && path.rfind("///", 0) != 0) ? 2 : 1;
  std::vector<std::string> comps;
  std::size_t pos = 0;
  while (pos <= path.size()) {
    std::size_t slash = path.find('/', pos);
    if (slash == std::string::npos) slash = path.size();
    std::string comp = path.substr(pos, slash - pos);
    pos = slash + 1;
    if (comp.empty() || comp == ".") continue;
    if (comp != ".." || (!initial && comps.empty()) || (!comps.empty() && comps.back() == "..")) {
      comps.push_back(comp);
    } else if (!comps.empty()) {
      comps.pop_back();
    }
  }
  std::string out(initial, '/');
  for (std::size_t k = 0; k < comps.size(); ++k) {
    if (k) out += '/';
    out += comps[k];
  }
  return out.empty() ? "." : out;
}

std::string path_join(const std::string& a, const std::string& b) {
  if (!b.empty() && b[0] == '/') return b;
  if (a.empty() || a.back() == '/') return a + b;
  return a + "/" + b;
}

std::string abspath(const std::string& path, const System& sys) {
  if (!path.empty() && path[0] == '/') return normpath(path);
  return normpath(path_join(sys.current_directory(), path));
}

std::string dirname(const std::string& path) {
  std::size_t i = path.rfind('/');
  std::string head = i == std::string::npos ? "" : path.substr(0, i + 1);
  if (!head.empty() && head.find_first_not_of('/') != std::string::npos) {
    while (!head.empty() && head.back() == '/') head.pop_back();
  }
  return head;
}

std::string normalize_path(const std::string& path, const System& sys) {
  return abspath(expanduser(path, sys), sys);
}

std::string to_existing_directory(const std::string& v, const System& sys) {
  std::string nv = expanduser(v, sys);
  if (sys.is_directory(nv)) return nv;
  throw ValueError(v + " is not an existing directory");
}

std::string to_existing_dirpath(const std::string& v, const System& sys) {
  std::string nv = expanduser(v, sys);
  std::string dir = dirname(nv);
  if (dir.empty() || sys.is_directory(dir)) return nv;
  throw ValueError("The directory named as part of the path " + v + " does not exist");
}

uid_t name_to_uid(const std::string& v, const System& sys) {
  if (auto n = py_int(v)) {
    if (*n < 0 || *n > 0xFFFFFFFFLL || !sys.user_by_uid(static_cast<uid_t>(*n))) {
      throw ValueError("Invalid user id " + v);
    }
    return static_cast<uid_t>(*n);
  }
  auto pw = sys.user_by_name(v);
  if (!pw) throw ValueError("Invalid user name " + v);
  return pw->uid;
}

gid_t name_to_gid(const std::string& v, const System& sys) {
  if (auto n = py_int(v)) {
    if (*n < 0 || *n > 0xFFFFFFFFLL || !sys.group_by_gid(static_cast<gid_t>(*n))) {
      throw ValueError("Invalid group id " + v);
    }
    return static_cast<gid_t>(*n);
  }
  auto gr = sys.group_by_name(v);
  if (!gr) throw ValueError("Invalid group name " + v);
  return gr->gid;
}

gid_t gid_for_uid(uid_t uid, const System& sys) {
  auto pw = sys.user_by_uid(uid);
  if (!pw) throw ValueError("getpwuid(): uid not found: " + std::to_string(uid));
  return pw->gid;
}

std::pair<uid_t, gid_t> to_user_group(const std::string& v, const System& sys) {
  try {
    std::size_t colon = v.find(':');
    if (colon == std::string::npos) return {name_to_uid(v, sys), static_cast<gid_t>(-1)};
    uid_t uid = name_to_uid(v.substr(0, colon), sys);
    return {uid, name_to_gid(v.substr(colon + 1), sys)};
  } catch (const ValueError&) {
    throw ValueError("Invalid user:group definition " + v);
  }
}

std::optional<std::string> resolve_entry_point(const std::string& spec) {
  // pkg_resources.EntryPoint.parse("x=" + spec): module [\w.]+, optional ": attr", optional
  // "[extras]", whitespace allowed around the parts.
  std::string s = py_strip(spec);
  auto is_word = [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '.' ||
           static_cast<unsigned char>(c) >= 0x80;
  };
  std::size_t i = 0;
  while (i < s.size() && is_word(s[i])) ++i;
  std::string module = s.substr(0, i);
  while (i < s.size() && s[i] == ' ') ++i;
  std::string attr;
  if (i < s.size() && s[i] == ':') {
    ++i;
    while (i < s.size() && s[i] == ' ') ++i;
    std::size_t start = i;
    while (i < s.size() && is_word(s[i])) ++i;
    attr = s.substr(start, i - start);
    while (i < s.size() && s[i] == ' ') ++i;
  }
  if (module.empty() || i != s.size()) {
    throw ValueError("(\"EntryPoint must be in 'name=module:attrs [extras]' format\", " +
                     py_repr("x=" + spec) + ")");
  }
  static const std::pair<const char*, const char*> kKnown[] = {
      {"supervisor.rpcinterface", "make_main_rpcinterface"},
      {"supervisor.dispatchers", "default_handler"},
  };
  for (const auto& [m, a] : kKnown) {
    if (module == m && attr == a) return module + ":" + attr;
  }
  return std::nullopt;
}

}  // namespace sup
