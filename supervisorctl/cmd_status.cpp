// status and pid (spec §3.1, §3.8).
#include <algorithm>
#include <cstdio>

#include "supervisorctl/command_failure.h"
#include "supervisorctl/commands.h"
#include "supervisorctl/exit_status.h"
#include "supervisorctl/namespec.h"
#include "supervisorctl/py_text.h"
#include "supervisorctl/reply.h"
#include "supervisorctl/session.h"
#include "supervisorctl/status_table.h"

namespace sup::ctl {
namespace {

bool is_stopped_state(std::int64_t state) {
  return state == state::kStopped || state == state::kExited || state == state::kFatal ||
         state == state::kUnknown;
}

bool contains(const std::vector<std::string>& words, std::string_view word) {
  return std::find(words.begin(), words.end(), word) != words.end();
}

}  // namespace

After do_status(Session& session, const std::string& arg) {
  if (!session.upcheck()) {
    session.set_exit_status(kStatusExitUnknown);
    return After::kContinue;
  }
  // Ours: --json and --stats, anywhere among the names (README "Options of our own").
  std::vector<std::string> names;
  StatusFormat format;
  for (std::string& word : split_words(arg)) {
    if (word == "--json") format.json = true;
    else if (word == "--stats") format.stats = true;
    else names.push_back(std::move(word));
  }
  // The members this command and the table read; at 1,000 processes, decoding only these
  // takes a sixth off the command's time (issue 8). --json shows them all; "health" is ours
  // (programs with a healthcheck only).
  static const xmlrpc::MemberSet kStatusMembers{"name", "group", "state", "statename", "description", "health"};
  const xmlrpc::Value all = session.call_value("supervisor.getAllProcessInfo", {}, std::source_location::current(),
                                               format.json ? nullptr : &kStatusMembers);
  const xmlrpc::Array& infos = as_array(all);

  std::vector<const xmlrpc::Value*> matching;
  if (names.empty() || contains(names, "all")) {
    for (const auto& info : infos) matching.push_back(&info);
  } else {
    for (const std::string& name : names) {
      const Namespec spec = split_namespec(name);
      bool found = false;
      for (const auto& info : infos) {
        if (str_field(info, "group") != spec.group) continue;
        if (spec.process && str_field(info, "name") != *spec.process) continue;
        found = true;
        matching.push_back(&info);
      }
      if (!found) {
        // With --json, stdout stays one JSON document.
        std::string line = spec.process ? name + ": ERROR (no such process)" : spec.group + ": ERROR (no such group)";
        if (format.json) {
          std::fprintf(stderr, "%s\n", line.c_str());
        } else {
          session.out(line);
        }
        session.set_exit_status(kStatusExitUnknown);
      }
    }
  }
  if (format.json || format.stats) {
    print_status_extended(session, matching, format);
  } else {
    print_status_table(session, matching);
  }
  for (const xmlrpc::Value* info : matching) {
    if (is_stopped_state(int_field(*info, "state"))) {
      session.set_exit_status(kStatusExitNotRunning);
    }
  }
  return After::kContinue;
}

After do_pid(Session& session, const std::string& arg) {
  if (!session.upcheck()) return After::kContinue;
  const auto names = split_words(arg);
  if (names.empty()) {
    session.out(py_str(session.call_value("supervisor.getPID")));
    return After::kContinue;
  }
  if (contains(names, "all")) {
    const xmlrpc::Value all = session.call_value("supervisor.getAllProcessInfo");
    for (const auto& info : as_array(all)) session.out(text_field(info, "pid"));
    return After::kContinue;
  }
  for (const std::string& name : names) {
    auto reply = session.call("supervisor.getProcessInfo", {name});
    if (auto* fault = std::get_if<xmlrpc::Fault>(&reply)) {
      session.set_exit_status(kExitGeneric);
      if (fault->code != fault::kBadName) throw CommandFailure::from_fault(*fault);
      session.out("No such process " + name);
      continue;
    }
    const auto& info = std::get<xmlrpc::Value>(reply);
    const std::int64_t pid = int_field(info, "pid");
    session.out(std::to_string(pid));
    if (pid == 0) session.set_exit_status(kExitNotRunning);
  }
  return After::kContinue;
}

}  // namespace sup::ctl
