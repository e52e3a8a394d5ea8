// Supervisor's process names ("namespecs", http-xmlrpc.md §7.6): "grp:proc", "grp:*",
// "grp:", or "name" for a process living in a group of the same name.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <variant>

#include "xmlrpc/value.h"

namespace sup {

class Supervisor;
class ProcessGroup;
class Process;

struct NamespecParts {
  std::string group;
  std::optional<std::string> process;  // nullopt: the whole group ("grp:" or "grp:*")
};

// Splits at the first ':'; without one, group and process are both the input.
NamespecParts split_namespec(std::string_view namespec);

// "name" when group and process share the name, else "group:name".
std::string make_namespec(std::string_view group, std::string_view process);

// What a namespec designates in the running daemon. `process` is null for whole-group forms.
struct NamespecTarget {
  ProcessGroup* group = nullptr;
  Process* process = nullptr;
};

// BAD_NAME (with the input echoed) for an unknown group or process.
std::variant<NamespecTarget, xmlrpc::Fault> resolve_namespec(const Supervisor& supervisor, std::string_view namespec);

// As resolve_namespec, but whole-group forms are BAD_NAME too (per-process methods).
std::variant<Process*, xmlrpc::Fault> resolve_process(const Supervisor& supervisor, std::string_view namespec);

}  // namespace sup
