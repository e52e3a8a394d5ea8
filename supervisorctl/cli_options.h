// supervisorctl's command line: Python getopt semantics (short options may be bundled, long
// options accept unique prefixes, parsing stops at the first non-option word), with the
// messages and checks of Supervisor's Options.realize().
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace sup::ctl {

struct CliOptions {
  std::optional<std::string> configfile;
  std::optional<std::string> serverurl;
  std::optional<std::string> username;
  std::optional<std::string> password;
  // -r/--history_file is accepted but, as in 4.2.5, never used by the shell.
  std::optional<std::string> history_ignored;
  bool interactive_flag = false;  // -i
  std::vector<std::string> args;  // the action and its arguments
};

struct CliParse {
  enum class Outcome { kOk, kHelp, kUsageError };
  Outcome outcome = Outcome::kOk;
  std::string error;  // kUsageError: the text after "Error: "
  CliOptions options;
};

// argv excludes the program name.
CliParse parse_command_line(const std::vector<std::string>& argv);

// The -h text with %s replaced by progname; ends with an empty line like the reference.
std::string usage_text(const std::string& progname);

// True if `value` is a URL by urlparse's lax rule: a scheme and a host or a path.
bool looks_like_url(const std::string& value);

}  // namespace sup::ctl
