// Reload requests (SIGHUP, supervisor.restart) on the fake machine: a configuration that
// cannot be used is refused before anything is stopped, and the daemon carries on.
#include <signal.h>

#include <catch2/catch.hpp>

#include "tests/core/machine.h"

using namespace sup;
using namespace sup::test;
using namespace std::chrono_literals;

namespace {

Config one_program(const std::string& name) {
  Config c;
  c.groups.push_back(group_of(program(name)));
  return c;
}

}  // namespace

TEST_CASE("reload: a restart check that fails keeps everything running", "[core]") {
  Machine m({group_of(program("p"))}, std::nullopt, CreateGroups::kNow,
            [] { return one_program("q"); });
  m.supervisor().set_restart_check([](const Config&, const Config& next) -> std::optional<std::string> {
    if (next.groups.at(0).name == "q") return std::string("Another program is already listening on a port");
    return std::nullopt;
  });
  m.start();
  m.advance(1001ms);
  m.supervisor().handle_signal(SIGHUP);
  m.os().settle();
  CHECK(m.supervisor().state() == SupervisorState::kRunning);
  CHECK(m.process("p").state() == ProcessState::kRunning);
  CHECK(m.os().kills().empty());
  CHECK(m.logged("WARN received SIGHUP indicating restart request"));
  CHECK(m.logged("CRIT could not reload the configuration, keeping the current one: Another program is already "
                 "listening on a port"));
  CHECK_FALSE(m.supervisor().take_next_config().has_value());
}

TEST_CASE("reload: a usable configuration stops everything and is handed to the next incarnation", "[core]") {
  Machine m({group_of(program("p"))}, std::nullopt, CreateGroups::kNow,
            [] { return one_program("q"); });
  m.supervisor().set_restart_check([](const Config&, const Config&) { return std::optional<std::string>(); });
  m.start();
  m.advance(1001ms);
  m.supervisor().request_restart();
  m.os().settle();
  CHECK(m.process("p").state() == ProcessState::kStopping);
  m.end(m.process("p"), FakeOs::killed_by(SIGTERM));
  CHECK(m.finished() == SupervisorState::kRestarting);
  std::optional<Config> next = m.supervisor().take_next_config();
  REQUIRE(next.has_value());
  CHECK(next->groups.at(0).name == "q");
}

TEST_CASE("reload: a configuration that does not load keeps everything running", "[core]") {
  Machine m({group_of(program("p"))}, std::nullopt, CreateGroups::kNow,
            []() -> std::variant<Config, std::string> { return std::string("File contains parsing errors"); });
  m.start();
  m.supervisor().request_restart();
  m.os().settle();
  CHECK(m.supervisor().state() == SupervisorState::kRunning);
  CHECK(m.logged("could not reload the configuration, keeping the current one: File contains parsing errors"));
}
