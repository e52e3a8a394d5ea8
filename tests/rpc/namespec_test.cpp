// Namespec splitting and canonical names (http-xmlrpc.md §7.6).
#include <catch2/catch.hpp>

#include "supervisord/rpc/rpc_namespec.h"

namespace sup {
namespace {

TEST_CASE("split_namespec", "[rpc]") {
  auto check = [](const char* in, const char* group, std::optional<std::string> process) {
    NamespecParts p = split_namespec(in);
    INFO(in);
    CHECK(p.group == group);
    CHECK(p.process == process);
  };
  check("cat", "cat", "cat");
  check("grp:a", "grp", "a");
  check("grp:*", "grp", std::nullopt);
  check("grp:", "grp", std::nullopt);
  check("grp:a:b", "grp", "a:b");
  check(":a", "", "a");
  check("", "", "");
}

TEST_CASE("make_namespec", "[rpc]") {
  CHECK(make_namespec("cat", "cat") == "cat");
  CHECK(make_namespec("grp", "a") == "grp:a");
}

}  // namespace
}  // namespace sup
