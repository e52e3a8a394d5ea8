// The XML-RPC namespace of the methods that are ours, not Supervisor's (README "Options of
// our own"): one name for all of them, used by the daemon and supervisorctl. Supervisor's
// supervisor.* and system.* shapes stay untouched, and system.listMethods does not list these
// (so its answer stays Supervisor's); methodHelp and methodSignature know them.
#pragma once

#include <string>
#include <string_view>

namespace sup {

inline constexpr std::string_view kOwnNamespace = "supervisor_cpp";

// "supervisor_cpp.<method>".
inline std::string own_method(std::string_view method) {
  std::string name(kOwnNamespace);
  name += '.';
  name += method;
  return name;
}

}  // namespace sup
