#include "supervisorctl/namespec.h"

namespace sup::ctl {

Namespec split_namespec(std::string_view spec) {
  const auto colon = spec.find(':');
  if (colon == std::string_view::npos) return {std::string(spec), std::string(spec)};
  Namespec result{std::string(spec.substr(0, colon)), std::string(spec.substr(colon + 1))};
  if (result.process->empty() || *result.process == "*") result.process.reset();
  return result;
}

std::string make_namespec(std::string_view group, std::string_view process) {
  if (group == process) return std::string(process);
  std::string name(group);
  name += ':';
  name += process;
  return name;
}

}  // namespace sup::ctl
