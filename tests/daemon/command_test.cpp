#include "supervisord/child/command.h"

#include <sys/stat.h>

#include <catch2/catch.hpp>

#include "tests/support/files.h"
#include "tests/support/temp_dir.h"

using namespace sup;

namespace {

std::string error_of(const std::string& cmd, const std::map<std::string, std::string>& env = {},
                     std::optional<std::string> path = std::string("/usr/bin:/bin")) {
  auto r = resolve_command(cmd, env, path);
  if (auto* e = std::get_if<SpawnError>(&r)) return e->text;
  return "";
}

}  // namespace

TEST_CASE("command resolution follows Supervisor", "[unit]") {
  test::TempDir dir;
  auto ok = resolve_command("sleep 10", {}, std::string("/nonexistent:/usr/bin:/bin"));
  REQUIRE(std::holds_alternative<ResolvedCommand>(ok));
  CHECK(std::get<ResolvedCommand>(ok).path == "/usr/bin/sleep");
  CHECK(std::get<ResolvedCommand>(ok).argv == std::vector<std::string>{"sleep", "10"});
  CHECK(error_of("") == "command is empty");
  CHECK(error_of("nosuchprogram-x") == "can't find command 'nosuchprogram-x'");
  CHECK(error_of("/nonexistent/cmd") == "can't find command '/nonexistent/cmd'");
  CHECK(error_of(dir.path()) == "command at '" + dir.path() + "' is a directory");
  test::write_file(dir.file("noexec"), "x");
  CHECK(error_of(dir.file("noexec")) == "command at '" + dir.file("noexec") + "' is not executable");
  CHECK(error_of("'unterminated").rfind("can't parse command \"'unterminated\": ", 0) == 0);
  // The program's PATH wins; the first entry where stat() succeeds is used, even a directory.
  ::mkdir(dir.file("sleep").c_str(), 0755);
  CHECK(error_of("sleep", {{"PATH", dir.path() + ":/usr/bin"}}) == "command at '" + dir.file("sleep") + "' is a directory");
  auto r = resolve_command("sleep", {}, std::nullopt);
  CHECK(std::holds_alternative<ResolvedCommand>(r));
}
