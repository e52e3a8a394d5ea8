#include "supervisorctl/cli_options.h"

#include <cctype>
#include <string_view>

#include "supervisorctl/py_text.h"

namespace sup::ctl {
namespace {

constexpr std::string_view kShortOptions = "h?c:is:u:p:r:";
// Long options as getopt sees them: a trailing '=' means "takes an argument".
constexpr std::string_view kLongOptions[] = {"help",      "configuration=", "interactive",
                                             "serverurl=", "username=",      "password=",
                                             "history_file="};

struct RawOption {
  std::string name;  // as getopt reports it: "-s" or "--serverurl"
  std::string value;
};

// getopt.error text, or empty.
using GetoptError = std::string;

GetoptError parse_long(std::string_view word, std::vector<std::string>::const_iterator& next,
                       std::vector<std::string>::const_iterator end,
                       std::vector<RawOption>& out) {
  std::string opt(word.substr(2));
  std::optional<std::string> value;
  if (auto eq = opt.find('='); eq != std::string::npos) {
    value = opt.substr(eq + 1);
    opt.resize(eq);
  }
  std::vector<std::string_view> candidates;
  for (auto long_opt : kLongOptions) {
    if (long_opt.substr(0, opt.size()) == opt) candidates.push_back(long_opt);
  }
  if (candidates.empty()) return "option --" + opt + " not recognized";
  bool has_arg = false;
  bool exact = false;
  for (auto c : candidates) {
    if (c == opt) {
      exact = true;
      break;
    }
  }
  if (!exact) {
    for (auto c : candidates) {
      if (c == opt + "=") {
        exact = true;
        has_arg = true;
        break;
      }
    }
  }
  if (!exact) {
    if (candidates.size() > 1) return "option --" + opt + " not a unique prefix";
    std::string_view match = candidates.front();
    has_arg = match.ends_with('=');
    if (has_arg) match.remove_suffix(1);
    opt = std::string(match);
  }
  if (has_arg) {
    if (!value) {
      if (next == end) return "option --" + opt + " requires argument";
      value = *next++;
    }
  } else if (value) {
    return "option --" + opt + " must not have an argument";
  }
  out.push_back({"--" + opt, value.value_or("")});
  return {};
}

GetoptError parse_short(std::string_view word, std::vector<std::string>::const_iterator& next,
                        std::vector<std::string>::const_iterator end,
                        std::vector<RawOption>& out) {
  std::string_view rest = word.substr(1);
  while (!rest.empty()) {
    const char opt = rest.front();
    rest.remove_prefix(1);
    const auto pos = kShortOptions.find(opt);
    if (opt == ':' || pos == std::string_view::npos) {
      return std::string("option -") + opt + " not recognized";
    }
    const bool has_arg = pos + 1 < kShortOptions.size() && kShortOptions[pos + 1] == ':';
    std::string value;
    if (has_arg) {
      if (rest.empty()) {
        if (next == end) return std::string("option -") + opt + " requires argument";
        value = *next++;
      } else {
        value = std::string(rest);
      }
      rest = {};
    }
    out.push_back({std::string("-") + opt, value});
  }
  return {};
}

// The canonical attribute an option sets, so duplicates can be detected across spellings.
std::string_view option_key(std::string_view name) {
  if (name == "-h" || name == "-?" || name == "--help") return "help";
  if (name == "-c" || name == "--configuration") return "configfile";
  if (name == "-i" || name == "--interactive") return "interactive";
  if (name == "-s" || name == "--serverurl") return "serverurl";
  if (name == "-u" || name == "--username") return "username";
  if (name == "-p" || name == "--password") return "password";
  return "history";
}

}  // namespace

bool looks_like_url(const std::string& value) {
  // urlsplit: a scheme is [A-Za-z][A-Za-z0-9+.-]* before the first ':'.
  const auto colon = value.find(':');
  if (colon == std::string::npos || colon == 0 ||
      !std::isalpha(static_cast<unsigned char>(value[0]))) {
    return false;
  }
  for (std::size_t i = 0; i < colon; ++i) {
    const auto c = static_cast<unsigned char>(value[i]);
    if (!std::isalnum(c) && c != '+' && c != '-' && c != '.') return false;
  }
  std::string_view rest(value);
  rest.remove_prefix(colon + 1);
  std::string_view netloc;
  if (rest.starts_with("//")) {
    rest.remove_prefix(2);
    const auto end = rest.find_first_of("/?#");
    netloc = rest.substr(0, end);
    rest = end == std::string_view::npos ? std::string_view{} : rest.substr(end);
  }
  const std::string_view path = rest.substr(0, rest.find_first_of("?#"));
  return !netloc.empty() || !path.empty();
}

CliParse parse_command_line(const std::vector<std::string>& argv) {
  CliParse parse;
  std::vector<RawOption> raw;
  auto it = argv.cbegin();
  while (it != argv.cend()) {
    const std::string& word = *it;
    if (word.size() < 2 || word[0] != '-') break;  // "-" alone is an argument
    ++it;
    if (word == "--") break;
    GetoptError error = word.starts_with("--") ? parse_long(word, it, argv.cend(), raw)
                                               : parse_short(word, it, argv.cend(), raw);
    if (!error.empty()) {
      parse.outcome = CliParse::Outcome::kUsageError;
      parse.error = std::move(error);
      return parse;
    }
  }
  parse.options.args.assign(it, argv.cend());

  // Options take effect in order, like Options.realize(): -h exits before later errors.
  CliOptions& o = parse.options;
  for (const RawOption& opt : raw) {
    const std::string_view key = option_key(opt.name);
    if (key == "help") {
      parse.outcome = CliParse::Outcome::kHelp;
      return parse;
    }
    if (key == "serverurl" && !looks_like_url(opt.value)) {
      parse.outcome = CliParse::Outcome::kUsageError;
      parse.error = "invalid value for " + opt.name + " " + sup::py_repr(opt.value) + ": value " +
                    sup::py_repr(opt.value) + " is not a URL";
      return parse;
    }
    std::optional<std::string>* slot = nullptr;
    bool already = false;
    if (key == "interactive") {
      already = o.interactive_flag;
      o.interactive_flag = true;
    } else {
      slot = key == "configfile"  ? &o.configfile
             : key == "serverurl" ? &o.serverurl
             : key == "username"  ? &o.username
             : key == "password"  ? &o.password
                                  : &o.history_ignored;
      already = slot->has_value();
    }
    if (already) {
      parse.outcome = CliParse::Outcome::kUsageError;
      parse.error = "conflicting command line option " + sup::py_repr(opt.name);
      return parse;
    }
    if (slot != nullptr) *slot = opt.value;
  }
  return parse;
}

std::string usage_text(const std::string& progname) {
  return "supervisorctl -- control applications run by supervisord from the cmd line.\n"
         "\n"
         "Usage: " + progname + " [options] [action [arguments]]\n"
         "\n"
         "Options:\n"
         "-c/--configuration FILENAME -- configuration file path (searches if not given)\n"
         "-h/--help -- print usage message and exit\n"
         "-i/--interactive -- start an interactive shell after executing commands\n"
         "-s/--serverurl URL -- URL on which supervisord server is listening\n"
         "     (default \"http://localhost:9001\").\n"
         "-u/--username USERNAME -- username to use for authentication with server\n"
         "-p/--password PASSWORD -- password to use for authentication with server\n"
         "-r/--history-file -- keep a readline history (if readline is available)\n"
         "\n"
         "action [arguments] -- see below\n"
         "\n"
         "Actions are commands like \"tail\" or \"stop\".  If -i is specified or no action is\n"
         "specified on the command line, a \"shell\" interpreting actions typed\n"
         "interactively is started.  Use the action \"help\" to find out about available\n"
         "actions.\n"
         "\n";
}

}  // namespace sup::ctl
