// shutdown, reload, version, open, quit/exit/EOF (spec §3.15-3.20).
#include <cctype>

#include "supervisorctl/command_failure.h"
#include "supervisorctl/commands.h"
#include "supervisorctl/exit_status.h"
#include "supervisorctl/py_text.h"
#include "supervisorctl/session.h"

namespace sup::ctl {
namespace {

// Interactive sessions confirm; one-shot commands just go ahead.
bool confirmed(Session& session, const std::string& question) {
  if (!session.settings().interactive) return true;
  auto answer = session.ask(question);
  if (!answer) throw CommandFailure::of_type("EOFError", "EOF when reading a line");
  return !answer->empty() && std::tolower(static_cast<unsigned char>((*answer)[0])) == 'y';
}

bool reject_arguments(Session& session, const std::string& arg, std::string_view command) {
  if (arg.empty()) return false;
  session.out("Error: " + std::string(command) + " accepts no arguments");
  session.set_exit_status(kExitGeneric);
  print_help(session, command);
  return true;
}

// The URL scheme as urlparse finds it ("" when there is none).
std::string url_scheme(std::string_view url) {
  const auto colon = url.find(':');
  if (colon == std::string_view::npos || colon == 0 ||
      std::isalpha(static_cast<unsigned char>(url[0])) == 0) {
    return "";
  }
  std::string scheme;
  for (std::size_t i = 0; i < colon; ++i) {
    const auto c = static_cast<unsigned char>(url[i]);
    if (std::isalnum(c) == 0 && c != '+' && c != '-' && c != '.') return "";
    scheme += static_cast<char>(std::tolower(c));
  }
  return scheme;
}

}  // namespace

After do_shutdown(Session& session, const std::string& arg) {
  if (reject_arguments(session, arg, "shutdown")) return After::kContinue;
  if (!confirmed(session, "Really shut the remote supervisord process down y/N? ")) {
    return After::kContinue;
  }
  auto result = session.call_raw("supervisor.shutdown");
  if (auto* fault = std::get_if<xmlrpc::Fault>(&result)) {
    if (fault->code != fault::kShutdownState) {
      session.set_exit_status(kExitGeneric);
      throw CommandFailure::from_fault(*fault);
    }
    session.out("ERROR: already shutting down");
    return After::kContinue;
  }
  if (auto* error = std::get_if<xmlrpc::CallError>(&result)) {
    using Kind = xmlrpc::CallError::Kind;
    if (error->kind == Kind::kRefused) {
      session.set_exit_status(kExitGeneric);
      session.out("ERROR: " + session.settings().serverurl +
                  " refused connection (already shut down?)");
    } else if (error->kind == Kind::kNoSuchFile) {
      session.set_exit_status(kExitGeneric);
      session.out("ERROR: " + session.settings().serverurl + " no such file (already shut down?)");
    } else {
      if (error->kind != Kind::kHttpStatus) session.set_exit_status(kExitGeneric);
      throw CommandFailure::from_call_error(*error);
    }
    return After::kContinue;
  }
  session.out("Shut down");
  return After::kContinue;
}

After do_reload(Session& session, const std::string& arg) {
  if (reject_arguments(session, arg, "reload")) return After::kContinue;
  if (!confirmed(session, "Really restart the remote supervisord process y/N? ")) {
    return After::kContinue;
  }
  auto reply = session.call("supervisor.restart");
  if (auto* fault = std::get_if<xmlrpc::Fault>(&reply)) {
    session.set_exit_status(kExitGeneric);
    if (fault->code != fault::kShutdownState) throw CommandFailure::from_fault(*fault);
    session.out("ERROR: already shutting down");
    return After::kContinue;
  }
  session.out("Restarted supervisord");
  return After::kContinue;
}

After do_version(Session& session, const std::string& arg) {
  if (reject_arguments(session, arg, "version")) return After::kContinue;
  if (!session.upcheck()) return After::kContinue;
  session.out(py_str(session.call_value("supervisor.getSupervisorVersion")));
  return After::kContinue;
}

After do_open(Session& session, const std::string& arg) {
  const std::string url(strip(arg));
  const std::string scheme = url_scheme(url);
  if (scheme != "unix" && scheme != "http") {
    session.out("ERROR: url must be http:// or unix://");
    session.set_exit_status(kExitGeneric);
    return After::kContinue;
  }
  session.settings().serverurl = url;
  session.reset_client();
  // The status shown after switching servers does not count towards the exit status.
  const int saved = session.exit_status();
  do_status(session, "");
  session.set_exit_status(saved);
  return After::kContinue;
}

After do_quit(Session& session, const std::string&) {
  session.out("");
  return After::kExitShell;
}

}  // namespace sup::ctl
