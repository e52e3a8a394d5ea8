#include "supervisord/rpc/rpc_namespec.h"

#include "supervisord/core/process_group.h"
#include "supervisord/core/supervisor.h"
#include "xmlrpc/faults.h"

namespace sup {

NamespecParts split_namespec(std::string_view namespec) {
  auto colon = namespec.find(':');
  if (colon == std::string_view::npos) return {std::string(namespec), std::string(namespec)};
  NamespecParts parts{std::string(namespec.substr(0, colon)), std::nullopt};
  std::string_view rest = namespec.substr(colon + 1);
  if (!rest.empty() && rest != "*") parts.process = std::string(rest);
  return parts;
}

std::string make_namespec(std::string_view group, std::string_view process) {
  if (group == process) return std::string(process);
  std::string out;
  out.reserve(group.size() + 1 + process.size());
  out.append(group).append(1, ':').append(process);
  return out;
}

std::variant<NamespecTarget, xmlrpc::Fault> resolve_namespec(const Supervisor& supervisor, std::string_view namespec) {
  NamespecParts parts = split_namespec(namespec);
  NamespecTarget target;
  target.group = supervisor.find_group(parts.group);
  if (target.group == nullptr) return xmlrpc::Fault{xmlrpc::faults::kBadName, xmlrpc::faults::text(xmlrpc::faults::kBadName, namespec)};
  if (!parts.process) return target;
  target.process = target.group->find(*parts.process);
  if (target.process == nullptr) return xmlrpc::Fault{xmlrpc::faults::kBadName, xmlrpc::faults::text(xmlrpc::faults::kBadName, namespec)};
  return target;
}

std::variant<Process*, xmlrpc::Fault> resolve_process(const Supervisor& supervisor, std::string_view namespec) {
  auto resolved = resolve_namespec(supervisor, namespec);
  if (auto* fault = std::get_if<xmlrpc::Fault>(&resolved)) return std::move(*fault);
  Process* process = std::get<NamespecTarget>(resolved).process;
  if (process == nullptr) return xmlrpc::Fault{xmlrpc::faults::kBadName, xmlrpc::faults::text(xmlrpc::faults::kBadName, namespec)};
  return process;
}

}  // namespace sup
