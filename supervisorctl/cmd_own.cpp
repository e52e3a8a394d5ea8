// Commands of our own (README "Options of our own"): wait and rotate. They are not in
// `help`'s list or tab completion, which stay Supervisor's; `help wait` and `help rotate` work.
#include <time.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <optional>

#include "common/own_namespace.h"
#include "supervisorctl/commands.h"
#include "supervisorctl/exit_status.h"
#include "supervisorctl/namespec.h"
#include "supervisorctl/py_text.h"
#include "supervisorctl/reply.h"
#include "supervisorctl/session.h"

namespace sup::ctl {
namespace {

constexpr std::string_view kStates[] = {"STOPPED", "STARTING", "RUNNING", "BACKOFF",
                                        "STOPPING", "EXITED",   "FATAL",   "UNKNOWN"};
// How often wait asks the daemon: each question is one getAllProcessInfo call.
constexpr auto kPollInterval = std::chrono::milliseconds(100);

struct WaitRequest {
  std::optional<double> timeout;  // seconds; nullopt: forever
  std::string state = "RUNNING";
  std::vector<std::string> names;
};

// nullopt after printing the error.
std::optional<WaitRequest> parse_wait(Session& session, const std::string& arg) {
  WaitRequest r;
  const auto words = split_words(arg);
  for (std::size_t i = 0; i < words.size(); ++i) {
    std::string word = words[i];
    std::optional<std::string> value;
    for (std::string_view flag : {"--timeout", "--state"}) {
      if (word.rfind(std::string(flag) + "=", 0) == 0) {
        value = word.substr(flag.size() + 1);
        word = std::string(flag);
      } else if (word == flag) {
        if (i + 1 >= words.size()) {
          session.out("Error: " + word + " requires a value");
          return std::nullopt;
        }
        value = words[++i];
      }
    }
    if (word == "--timeout") {
      char* end = nullptr;
      double seconds = std::strtod(value->c_str(), &end);
      if (value->empty() || *end != '\0' || !(seconds >= 0)) {
        session.out("Error: bad --timeout " + *value);
        return std::nullopt;
      }
      r.timeout = seconds;
    } else if (word == "--state") {
      std::string state;
      for (char c : *value) state += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
      if (std::find(std::begin(kStates), std::end(kStates), state) == std::end(kStates)) {
        session.out("Error: bad --state " + *value);
        return std::nullopt;
      }
      r.state = state;
    } else {
      r.names.push_back(word);
    }
  }
  if (r.names.empty()) {
    session.out("Error: wait requires a process name");
    return std::nullopt;
  }
  return r;
}

void pause() {
  auto ns = std::chrono::duration_cast<std::chrono::nanoseconds>(kPollInterval).count();
  struct timespec ts {0, static_cast<long>(ns)};
  nanosleep(&ts, nullptr);
}

}  // namespace

After do_wait(Session& session, const std::string& arg) {
  if (!session.upcheck()) return After::kContinue;
  auto request = parse_wait(session, arg);
  if (!request) {
    session.set_exit_status(kExitInvalidArgs);
    print_help(session, "wait");
    return After::kContinue;
  }
  static const xmlrpc::MemberSet kMembers{"name", "group", "statename", "description"};
  // time_point::max() stands for "no timeout".
  auto deadline = std::chrono::steady_clock::time_point::max();
  if (request->timeout) {
    deadline = std::chrono::steady_clock::now() + std::chrono::duration_cast<std::chrono::steady_clock::duration>(
                                                      std::chrono::duration<double>(*request->timeout));
  }
  for (;;) {
    const xmlrpc::Value all = session.call_value("supervisor.getAllProcessInfo", {}, std::source_location::current(), &kMembers);
    std::vector<const xmlrpc::Value*> matching;
    bool unknown = false;
    for (const std::string& name : request->names) {
      const Namespec spec = split_namespec(name);
      bool found = false;
      for (const auto& info : as_array(all)) {
        if (name != "all") {
          if (str_field(info, "group") != spec.group) continue;
          if (spec.process && str_field(info, "name") != *spec.process) continue;
        }
        found = true;
        matching.push_back(&info);
      }
      if (!found) {
        session.out(spec.process ? name + ": ERROR (no such process)" : spec.group + ": ERROR (no such group)");
        unknown = true;
      }
    }
    if (unknown) {
      session.set_exit_status(kExitInvalidArgs);
      return After::kContinue;
    }
    std::vector<const xmlrpc::Value*> waiting;
    bool fatal = false;
    for (const xmlrpc::Value* info : matching) {
      const std::string state = str_field(*info, "statename");
      if (state == request->state) continue;
      waiting.push_back(info);
      if (state == "FATAL") fatal = true;
    }
    if (waiting.empty()) return After::kContinue;
    bool timed_out = std::chrono::steady_clock::now() >= deadline;
    if (fatal || timed_out || g_interrupted) {
      for (const xmlrpc::Value* info : waiting) {
        std::string line = make_namespec(str_field(*info, "group"), str_field(*info, "name")) + ": " +
                           str_field(*info, "statename");
        const std::string description = str_field(*info, "description");
        if (!description.empty()) line += " (" + description + ")";
        session.out(line);
      }
      // FATAL: the wanted state will not come without someone acting.
      session.set_exit_status(fatal ? kExitInvalidArgs : kExitGeneric);
      return After::kContinue;
    }
    pause();
  }
}

After do_rotate(Session& session, const std::string& arg) {
  if (!session.upcheck()) return After::kContinue;
  const auto names = split_words(arg);
  if (names.empty()) {
    session.out("Error: rotate requires a process name");
    session.set_exit_status(kExitGeneric);
    print_help(session, "rotate");
    return After::kContinue;
  }
  auto print = [&session](const xmlrpc::Value& results) {
    for (const xmlrpc::Value& r : as_array(results)) {
      std::string name = make_namespec(str_field(r, "group"), str_field(r, "name"));
      if (int_field(r, "status") == fault::kSuccess) {
        session.out(name + ": rotated");
      } else {
        session.out(name + ": ERROR (" + str_field(r, "description") + ")");
        session.set_exit_status(kExitGeneric);
      }
    }
  };
  if (std::find(names.begin(), names.end(), "all") != names.end()) {
    print(session.call_value(own_method("rotateAllProcessLogs")));
    return After::kContinue;
  }
  for (const std::string& name : names) {
    auto reply = session.call(own_method("rotateProcessLogs"), {name});
    if (auto* f = std::get_if<xmlrpc::Fault>(&reply)) {
      const Namespec spec = split_namespec(name);
      if (f->code == fault::kBadName) {
        session.out(spec.process ? name + ": ERROR (no such process)" : spec.group + ": ERROR (no such group)");
      } else {
        session.out(name + ": ERROR (" + f->string + ")");
      }
      session.set_exit_status(kExitGeneric);
      continue;
    }
    print(std::get<xmlrpc::Value>(reply));
  }
  return After::kContinue;
}

}  // namespace sup::ctl
