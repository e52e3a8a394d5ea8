// avail, reread, add, remove, update (spec §3.10-3.14): the configuration commands. None of
// them up-checks first, so an unreachable server shows the generic error line.
#include <algorithm>
#include <cstdio>
#include <map>
#include <set>

#include "supervisorctl/command_failure.h"
#include "supervisorctl/commands.h"
#include "supervisorctl/exit_status.h"
#include "supervisorctl/namespec.h"
#include "supervisorctl/py_text.h"
#include "supervisorctl/reply.h"
#include "supervisorctl/session.h"

namespace sup::ctl {
namespace {

bool reject_arguments(Session& session, const std::string& arg, std::string_view command) {
  if (arg.empty()) return false;
  session.out("Error: " + std::string(command) + " accepts no arguments");
  session.set_exit_status(kExitGeneric);
  print_help(session, command);
  return true;
}

std::string avail_line(const xmlrpc::Value& info) {
  const std::string name = make_namespec(str_field(info, "group"), str_field(info, "name"));
  const std::string priority = text_field(info, "group_prio") + ":" + text_field(info, "process_prio");
  return pad_right(name, 32) + " " + pad_right(bool_field(info, "inuse") ? "in use" : "avail", 9) +
         " " + pad_right(bool_field(info, "autostart") ? "auto" : "manual", 9) + " " + priority;
}

struct Changes {
  std::vector<std::string> added, changed, removed;
};

std::vector<std::string> names_of(const xmlrpc::Value& list) {
  std::vector<std::string> names;
  for (const auto& v : as_array(list)) names.push_back(py_str(v));
  return names;
}

// reloadConfig() answers [[added, changed, removed]].
Changes parse_changes(const xmlrpc::Value& reply) {
  const auto& outer = as_array(reply);
  if (outer.empty()) throw CommandFailure::of_type("IndexError", "list index out of range");
  const auto& triple = as_array(outer.front());
  if (triple.size() != 3) {
    throw CommandFailure::value_error("not enough values to unpack (expected 3, got " +
                                      std::to_string(triple.size()) + ")");
  }
  return {names_of(triple[0]), names_of(triple[1]), names_of(triple[2])};
}

}  // namespace

After do_avail(Session& session, const std::string& arg) {
  if (reject_arguments(session, arg, "avail")) return After::kContinue;
  auto reply = session.call("supervisor.getAllConfigInfo");
  if (auto* fault = std::get_if<xmlrpc::Fault>(&reply)) {
    session.set_exit_status(kExitGeneric);
    if (fault->code != fault::kShutdownState) throw CommandFailure::from_fault(*fault);
    session.out("ERROR: supervisor shutting down");
    return After::kContinue;
  }
  for (const auto& info : as_array(std::get<xmlrpc::Value>(reply))) session.out(avail_line(info));
  return After::kContinue;
}

After do_reread(Session& session, const std::string& arg) {
  if (reject_arguments(session, arg, "reread")) return After::kContinue;
  auto reply = session.call("supervisor.reloadConfig");
  if (auto* fault = std::get_if<xmlrpc::Fault>(&reply)) {
    session.set_exit_status(kExitGeneric);
    if (fault->code == fault::kShutdownState) {
      session.out("ERROR: supervisor shutting down");
    } else if (fault->code == fault::kCantReread) {
      session.out("ERROR: " + fault->string);
    } else {
      throw CommandFailure::from_fault(*fault);
    }
    return After::kContinue;
  }
  const Changes changes = parse_changes(std::get<xmlrpc::Value>(reply));
  // One line per group name, sorted; a name in several lists shows its last classification.
  std::map<std::string, std::string_view> lines;
  for (const auto& n : changes.added) lines[n] = "available";
  for (const auto& n : changes.changed) lines[n] = "changed";
  for (const auto& n : changes.removed) lines[n] = "disappeared";
  if (lines.empty()) {
    session.out("No config updates to processes");
    return After::kContinue;
  }
  for (const auto& [name, what] : lines) session.out(name + ": " + std::string(what));
  return After::kContinue;
}

After do_add(Session& session, const std::string& arg) {
  for (const std::string& name : split_words(arg)) {
    auto reply = session.call("supervisor.addProcessGroup", {name});
    auto* fault = std::get_if<xmlrpc::Fault>(&reply);
    if (fault == nullptr) {
      session.out(name + ": added process group");
    } else if (fault->code == fault::kShutdownState) {
      session.out("ERROR: shutting down");
      session.set_exit_status(kExitGeneric);
    } else if (fault->code == fault::kAlreadyAdded) {
      session.out("ERROR: process group already active");
    } else if (fault->code == fault::kBadName) {
      session.out("ERROR: no such process/group: " + name);
      session.set_exit_status(kExitGeneric);
    } else {
      session.set_exit_status(kExitGeneric);
      throw CommandFailure::from_fault(*fault);
    }
  }
  return After::kContinue;
}

After do_remove(Session& session, const std::string& arg) {
  for (const std::string& name : split_words(arg)) {
    auto reply = session.call("supervisor.removeProcessGroup", {name});
    auto* fault = std::get_if<xmlrpc::Fault>(&reply);
    if (fault == nullptr) {
      session.out(name + ": removed process group");
      continue;
    }
    session.set_exit_status(kExitGeneric);
    if (fault->code == fault::kStillRunning) {
      session.out("ERROR: process/group still running: " + name);
    } else if (fault->code == fault::kBadName) {
      session.out("ERROR: no such process/group: " + name);
    } else {
      throw CommandFailure::from_fault(*fault);
    }
  }
  return After::kContinue;
}

After do_update(Session& session, const std::string& arg) {
  auto reply = session.call("supervisor.reloadConfig");
  if (auto* fault = std::get_if<xmlrpc::Fault>(&reply)) {
    session.set_exit_status(kExitGeneric);
    if (fault->code != fault::kShutdownState) throw CommandFailure::from_fault(*fault);
    session.out("ERROR: already shutting down");
    return After::kContinue;
  }
  const Changes changes = parse_changes(std::get<xmlrpc::Value>(reply));

  const auto words = split_words(arg);
  std::set<std::string> wanted(words.begin(), words.end());
  if (wanted.count("all") != 0) wanted.clear();  // "all" means the same as no names
  if (!wanted.empty()) {
    std::set<std::string> groups(changes.added.begin(), changes.added.end());
    const xmlrpc::Value infos = session.call_value("supervisor.getAllProcessInfo");
    for (const auto& info : as_array(infos)) groups.insert(str_field(info, "group"));
    for (const std::string& g : wanted) {  // the reference walks a set; sorted is as good
      if (groups.count(g) == 0) {
        session.out("ERROR: no such group: " + g);
        session.set_exit_status(kExitGeneric);
      }
    }
  }
  const auto selected = [&](const std::string& g) { return wanted.empty() || wanted.count(g) != 0; };

  for (const std::string& g : changes.removed) {
    if (!selected(g)) continue;
    const xmlrpc::Value results = session.call_value("supervisor.stopProcessGroup", {g});
    session.out(g + ": stopped");
    const auto& list = as_array(results);
    const bool failed = std::any_of(list.begin(), list.end(), [](const xmlrpc::Value& r) {
      return int_field(r, "status") == fault::kFailed;
    });
    if (failed) {
      session.out(g + ": has problems; not removing");
      session.set_exit_status(kExitGeneric);
      continue;
    }
    session.call_value("supervisor.removeProcessGroup", {g});
    session.out(g + ": removed process group");
  }
  for (const std::string& g : changes.changed) {
    if (!selected(g)) continue;
    session.call_value("supervisor.stopProcessGroup", {g});
    session.out(g + ": stopped");
    session.call_value("supervisor.removeProcessGroup", {g});
    session.call_value("supervisor.addProcessGroup", {g});
    session.out(g + ": updated process group");
  }
  for (const std::string& g : changes.added) {
    if (!selected(g)) continue;
    session.call_value("supervisor.addProcessGroup", {g});
    session.out(g + ": added process group");
  }
  return After::kContinue;
}

}  // namespace sup::ctl
