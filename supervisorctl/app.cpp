#include "supervisorctl/app.h"

#include <csignal>
#include <cstdio>
#include <string>
#include <vector>

#include "common/ctl_options.h"
#include "common/system.h"
#include "supervisorctl/cli_options.h"
#include "supervisorctl/dispatch.h"
#include "supervisorctl/exit_status.h"
#include "supervisorctl/session.h"
#include "supervisorctl/shell.h"

namespace sup::ctl {
namespace {

int usage_error(const std::string& progname, const std::string& message) {
  std::fflush(stdout);
  std::fprintf(stderr, "Error: %s\nFor help, use %s -h\n", message.c_str(), progname.c_str());
  return kExitInvalidArgs;
}

}  // namespace

int run_supervisorctl(int argc, char** argv) {
  const std::string progname = argc > 0 ? argv[0] : "supervisorctl";
  const std::vector<std::string> words(argv + (argc > 0 ? 1 : 0), argv + argc);
  CliParse parse = parse_command_line(words);
  if (parse.outcome == CliParse::Outcome::kHelp) {
    const std::string text = usage_text(progname);
    std::fwrite(text.data(), 1, text.size(), stdout);
    return kExitSuccess;
  }
  if (parse.outcome == CliParse::Outcome::kUsageError) return usage_error(progname, parse.error);
  const CliOptions& cli = parse.options;

  RealSystem system;
  std::optional<std::string> path = cli.configfile;
  if (!path) path = find_ctl_config(progname, system);
  auto loaded = load_ctl_config(path, system);
  if (auto* error = std::get_if<ConfigError>(&loaded)) {
    if (error->uncaught) {
      std::fprintf(stderr, "%s\n", error->message.c_str());
      return kExitGeneric;
    }
    return usage_error(progname, error->message);
  }
  const CtlConfig& config = std::get<CtlConfig>(loaded);

  Settings settings;
  settings.serverurl = cli.serverurl.value_or(config.serverurl);
  settings.username = cli.username ? cli.username : config.username;
  settings.password = cli.password ? cli.password : config.password;
  settings.prompt = config.prompt;
  settings.history_file = config.history_file;
  settings.interactive = cli.args.empty() || cli.interactive_flag;

  // A reader that went away (`supervisorctl tail -f x | head`) ends us quietly.
  std::signal(SIGPIPE, SIG_DFL);
  Session session(std::move(settings));
  if (!cli.args.empty()) {
    std::string line;
    for (const auto& a : cli.args) {
      if (!line.empty()) line += ' ';
      line += a;
    }
    run_line(session, line);
    session.flush();
    return session.exit_status();
  }
  run_shell(session);
  return kExitSuccess;  // the interactive shell always exits 0
}

}  // namespace sup::ctl
