// tail, maintail and fg (spec §3.6, §3.7, §3.18).
#include <langinfo.h>

#include <cctype>
#include <clocale>
#include <cstdlib>
#include <limits>
#include <memory>

#include "supervisorctl/command_failure.h"
#include "supervisorctl/commands.h"
#include "supervisorctl/exit_status.h"
#include "supervisorctl/follower.h"
#include "supervisorctl/py_text.h"
#include "supervisorctl/reply.h"
#include "supervisorctl/session.h"
#include "supervisorctl/terminal.h"

namespace sup::ctl {
namespace {

constexpr long long kDefaultTailBytes = 1600;

// The stdout encoding Python would report, or "" when it is a UTF variant.
std::string problematic_encoding() {
  std::string encoding;
  if (const char* env = std::getenv("PYTHONIOENCODING"); env != nullptr && *env != '\0') {
    encoding = env;
    encoding = encoding.substr(0, encoding.find(':'));
  }
  if (encoding.empty()) {
    std::setlocale(LC_CTYPE, "");
    encoding = nl_langinfo(CODESET);
    std::setlocale(LC_CTYPE, "C");
    // Python coerces the C/POSIX locale to UTF-8 (PEP 538), so no warning there.
    if (encoding == "ANSI_X3.4-1968") return "";
  }
  std::string lower;
  for (char c : encoding) lower += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return lower.starts_with("utf") ? "" : encoding;
}

void check_encoding(Session& session) {
  const std::string encoding = problematic_encoding();
  if (encoding.empty()) return;
  session.out("Warning: sys.stdout.encoding is set to " + encoding +
              ", so Unicode output may fail. Check your LANG and PYTHONIOENCODING environment "
              "settings.");
}

void follow(Session& session, const std::string& path) {
  check_encoding(session);
  session.out("==> Press Ctrl-C to exit <==");
  SigintCatcher catcher;
  g_interrupted = 0;
  Follower follower(session.settings(), path);
  if (follower.wait()) session.out("");
  g_interrupted = 0;
}

// The offset argument of read*Log for `-N`: Python passes -N, which must fit XML-RPC's int.
xmlrpc::Value tail_offset(long long bytes) {
  const long long offset = -bytes;
  if (offset < std::numeric_limits<int>::min() || offset > std::numeric_limits<int>::max()) {
    throw CommandFailure::of_type("OverflowError", "int exceeds XML-RPC limits");
  }
  return xmlrpc::Value(static_cast<int>(offset));
}

}  // namespace

After do_tail(Session& session, const std::string& arg) {
  if (!session.upcheck()) return After::kContinue;
  auto args = split_words(arg);
  if (args.empty() || args.size() > 3) {
    session.out(args.empty() ? "Error: too few arguments" : "Error: too many arguments");
    session.set_exit_status(kExitGeneric);
    print_help(session, "tail");
    return After::kContinue;
  }
  std::optional<std::string> modifier;
  if (args.front().starts_with('-')) {
    modifier = args.front();
    args.erase(args.begin());
  }
  std::string name;
  std::string channel = "stdout";
  if (args.size() == 1) {
    name = args.back();
  } else if (!args.empty()) {
    name = args.front();
    channel.clear();
    for (char c : args.back()) channel += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (channel != "stderr" && channel != "stdout") {
      session.out("Error: bad channel " + sup::py_repr(channel));
      session.set_exit_status(kExitGeneric);
      return After::kContinue;
    }
  } else {
    session.out("Error: tail requires process name");
    session.set_exit_status(kExitGeneric);
    return After::kContinue;
  }

  long long bytes = kDefaultTailBytes;
  bool follow_mode = false;
  if (modifier) {
    const std::string what = modifier->substr(1);
    if (what == "f") {
      follow_mode = true;
    } else if (auto n = py_int(what)) {
      bytes = *n;
    } else {
      session.out("Error: bad argument " + *modifier);
      session.set_exit_status(kExitGeneric);
      return After::kContinue;
    }
  }
  if (follow_mode) {
    follow(session, "/logtail/" + name + "/" + channel);
    return After::kContinue;
  }

  check_encoding(session);
  const char* method =
      channel == "stdout" ? "supervisor.readProcessStdoutLog" : "supervisor.readProcessStderrLog";
  auto reply = session.call(method, {name, tail_offset(bytes), 0});
  if (auto* fault = std::get_if<xmlrpc::Fault>(&reply)) {
    session.set_exit_status(kExitGeneric);
    if (fault->code == fault::kNoFile) {
      session.out(name + ": ERROR (no log file)");
    } else if (fault->code == fault::kFailed) {
      session.out(name + ": ERROR (unknown error reading log)");
    } else if (fault->code == fault::kBadName) {
      session.out(name + ": ERROR (no such process name)");
    } else {
      throw CommandFailure::from_fault(*fault);
    }
    return After::kContinue;
  }
  session.out(py_str(std::get<xmlrpc::Value>(reply)));
  return After::kContinue;
}

After do_maintail(Session& session, const std::string& arg) {
  if (!session.upcheck()) return After::kContinue;
  const auto args = split_words(arg);
  long long bytes = kDefaultTailBytes;
  if (args.size() > 1) {
    session.out("Error: too many arguments");
    session.set_exit_status(kExitGeneric);
    print_help(session, "maintail");
    return After::kContinue;
  }
  if (args.size() == 1) {
    const std::string& a = args.front();
    std::optional<long long> n;
    if (a.starts_with('-')) {
      if (a.substr(1) == "f") {
        follow(session, "/mainlogtail");
        return After::kContinue;
      }
      n = py_int(a.substr(1));
    }
    if (!n) {
      session.out("Error: bad argument " + a);
      session.set_exit_status(kExitGeneric);
      return After::kContinue;
    }
    bytes = *n;
  }
  auto reply = session.call("supervisor.readLog", {tail_offset(bytes), 0});
  if (auto* fault = std::get_if<xmlrpc::Fault>(&reply)) {
    session.set_exit_status(kExitGeneric);
    if (fault->code == fault::kNoFile) {
      session.out("supervisord: ERROR (no log file)");
    } else if (fault->code == fault::kFailed) {
      session.out("supervisord: ERROR (unknown error reading log)");
    } else {
      throw CommandFailure::from_fault(*fault);
    }
    return After::kContinue;
  }
  session.out(py_str(std::get<xmlrpc::Value>(reply)));
  return After::kContinue;
}

namespace {

std::string fault_text(const xmlrpc::Fault& fault) {
  return "<Fault " + std::to_string(fault.code) + ": " + sup::py_repr(fault.string) + ">";
}

// "Process got killed" / "ERROR: ..." then the end of the foreground session.
void end_foreground(Session& session, std::string_view why) {
  session.out(why);
  session.out("Exiting foreground");
}

// Sends each input line to the process until EOF, Ctrl-C or the process is gone.
void forward_input(Session& session, const std::string& name) {
  for (;;) {
    StdinLine line = read_stdin_line();
    if (line.outcome != StdinLine::Outcome::kLine) {
      session.out("Exiting foreground");
      return;
    }
    auto sent = session.call("supervisor.sendProcessStdin", {name, line.text + "\n"});
    if (auto* fault = std::get_if<xmlrpc::Fault>(&sent)) {
      end_foreground(session, fault->code == fault::kNotRunning ? std::string("Process got killed")
                                                                : "ERROR: " + fault_text(*fault));
      return;
    }
    const xmlrpc::Value info = session.call_value("supervisor.getProcessInfo", {name});
    if (int_field(info, "state") != state::kRunning) {
      end_foreground(session, "Process got killed");
      return;
    }
  }
}

}  // namespace

After do_fg(Session& session, const std::string& arg) {
  if (!session.upcheck()) return After::kContinue;
  const auto names = split_words(arg);
  if (names.empty()) {
    session.out("ERROR: no process name supplied");
    session.set_exit_status(kExitGeneric);
    print_help(session, "fg");
    return After::kContinue;
  }
  if (names.size() > 1) {
    session.out("ERROR: too many process names supplied");
    session.set_exit_status(kExitGeneric);
    return After::kContinue;
  }
  const std::string& name = names.front();
  auto reply = session.call("supervisor.getProcessInfo", {name});
  if (auto* fault = std::get_if<xmlrpc::Fault>(&reply)) {
    if (fault->code == fault::kBadName) {
      session.out("ERROR: bad process name supplied");
      session.set_exit_status(kExitGeneric);
    } else {
      session.out("ERROR: " + fault_text(*fault));
    }
    return After::kContinue;
  }
  if (int_field(std::get<xmlrpc::Value>(reply), "state") != state::kRunning) {
    session.out("ERROR: process not running");
    session.set_exit_status(kExitGeneric);
    return After::kContinue;
  }
  session.out("==> Press Ctrl-C to exit <==");

  SigintCatcher catcher;
  g_interrupted = 0;
  Follower out_stream(session.settings(), "/logtail/" + name + "/stdout");
  Follower err_stream(session.settings(), "/logtail/" + name + "/stderr");
  try {
    forward_input(session, name);
  } catch (const CommandFailure&) {
    if (g_interrupted == 0) throw;
    session.out("Exiting foreground");  // Ctrl-C arrived during a call
  }
  g_interrupted = 0;
  return After::kContinue;
}

}  // namespace sup::ctl
