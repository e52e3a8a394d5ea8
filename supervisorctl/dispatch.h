// Running one command line the way Python's cmd.Cmd.onecmd (as overridden by supervisorctl)
// does: parse the action word, report unknown syntax, turn unexpected outcomes into the
// generic error line, and handle HTTP 401 (ask for credentials when interactive).
#pragma once

#include <string_view>

#include "supervisorctl/commands.h"

namespace sup::ctl {

class Session;

After run_line(Session& session, std::string_view line);

}  // namespace sup::ctl
