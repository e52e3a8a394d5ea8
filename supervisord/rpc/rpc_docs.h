// Help texts and signatures of the supervisor.* methods, as system.methodHelp and
// system.methodSignature report them (http-xmlrpc.md §7.12). The texts are Supervisor
// 4.2.5's documentation of its API, verbatim, so that tools reading them see the same
// @param/@return lines.
#pragma once

#include <string_view>
#include <vector>

namespace sup {

struct RpcMethodDoc {
  std::string_view name;                   // without the "supervisor." prefix
  std::vector<std::string_view> signature;  // return type first, then parameter types
  std::string_view help;
};

// Every method of the supervisor namespace (aliases included), sorted by name.
const std::vector<RpcMethodDoc>& supervisor_method_docs();

// nullptr for an unknown name.
const RpcMethodDoc* find_supervisor_method_doc(std::string_view name);

}  // namespace sup
