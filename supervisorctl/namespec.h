// Process names as supervisorctl spells them: "name", "group:name", "group:*" / "group:".
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace sup::ctl {

struct Namespec {
  std::string group;
  std::optional<std::string> process;  // nullopt: the whole group ("grp:*" or "grp:")
};

// Splits at the first ':'; a bare "name" means process `name` in group `name`.
Namespec split_namespec(std::string_view spec);

// The display name: "name" when group and process are named alike, else "group:name".
std::string make_namespec(std::string_view group, std::string_view process);

}  // namespace sup::ctl
