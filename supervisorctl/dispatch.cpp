#include "supervisorctl/dispatch.h"

#include <cctype>
#include <exception>
#include <string>

#include "supervisorctl/command_failure.h"
#include "supervisorctl/exit_status.h"
#include "supervisorctl/py_text.h"
#include "supervisorctl/session.h"
#include "supervisorctl/terminal.h"

namespace sup::ctl {
namespace {

bool is_ident_char(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '_';
}

After unknown_syntax(Session& session, const std::string& line) {
  session.out("*** Unknown syntax: " + line);
  session.set_exit_status(kExitGeneric);
  return After::kContinue;
}

// Interactive answer to a 401: ask, remember, and let the caller re-run the line.
bool ask_credentials(Session& session) {
  session.out("Server requires authentication");
  auto username = session.ask("Username:");
  if (!username) return false;
  auto password = read_password("Password:");
  if (!password) return false;
  session.out("");
  session.settings().username = *username;
  session.settings().password = *password;
  session.reset_client();
  return true;
}

}  // namespace

After run_line(Session& session, std::string_view raw_line) {
  std::string line(strip(raw_line));
  if (line.empty()) return After::kContinue;  // an empty line does not repeat the last one
  if (line[0] == '?') line = "help " + line.substr(1);
  std::size_t i = 0;
  while (i < line.size() && is_ident_char(line[i])) ++i;
  const std::string name = line.substr(0, i);
  const std::string arg(strip(std::string_view(line).substr(i)));
  const Command* command = name.empty() ? nullptr : find_command(name);
  if (command == nullptr) return unknown_syntax(session, line);

  try {
    try {
      return command->handler(session, arg);
    } catch (const CommandFailure& failure) {
      if (!failure.requires_auth()) throw;
      if (session.settings().interactive) {
        if (ask_credentials(session)) return run_line(session, line);
        throw;
      }
      // The reference says so, then runs the action once more; that run fails the same way.
      session.out("Server requires authentication");
      session.set_exit_status(kExitGeneric);
    }
    return command->handler(session, arg);
  } catch (const std::exception& e) {
    // Not expected from our own code; still one command's failure, not the shell's.
    session.out(CommandFailure::of_type("RuntimeError", e.what()).line());
    session.set_exit_status(kExitGeneric);
  } catch (const CommandFailure& failure) {
    if (g_interrupted != 0) {
      // Ctrl-C broke a blocking call: back to the prompt, as after Ctrl-C at the prompt.
      session.out("");
    } else {
      session.out(failure.line());
    }
    session.set_exit_status(kExitGeneric);
  }
  return After::kContinue;
}

}  // namespace sup::ctl
