#include "supervisord/core/states.h"

#include <signal.h>
#include <sys/wait.h>

#include <catch2/catch.hpp>

#include "supervisord/child/child_pipes.h"
#include "supervisord/core/config_diff.h"
#include "supervisord/child/spawn_child.h"
#include "supervisord/child/wait_status.h"

using namespace sup;

TEST_CASE("wait status texts", "[unit]") {
  CHECK(decode_wait_status(2 << 8).text == "exit status 2");
  CHECK(decode_wait_status(2 << 8).exitstatus == 2);
  CHECK(decode_wait_status(SIGKILL).text == "terminated by SIGKILL");
  CHECK(decode_wait_status(SIGKILL).exitstatus == -1);
  CHECK(decode_wait_status(SIGSEGV | 0x80).text == "terminated by SIGSEGV (core dumped)");
  CHECK(signal_log_name(29) == "SIGPOLL");
  CHECK(signal_log_name(6) == "SIGABRT");
  CHECK(signal_log_name(17) == "SIGCHLD");
  CHECK(signal_log_name(34) == "SIGRTMIN");
  CHECK(signal_log_name(40) == "signal 40");
}

TEST_CASE("state names and classes", "[unit]") {
  CHECK(process_state_name(ProcessState::kBackoff) == "BACKOFF");
  CHECK(static_cast<int>(ProcessState::kUnknown) == 1000);
  CHECK(supervisor_state_name(SupervisorState::kShutdown) == "SHUTDOWN");
  CHECK(is_running_state(ProcessState::kBackoff));
  CHECK(!is_running_state(ProcessState::kStopping));
  CHECK(is_stopped_state(ProcessState::kUnknown));
  CHECK(is_signallable_state(ProcessState::kStopping));
  CHECK(!is_signallable_state(ProcessState::kBackoff));
}

TEST_CASE("child environment precedence", "[unit]") {
  auto env = child_environment({{"PATH", "/bin"}, {"SUPERVISOR_SERVER_URL", "old"}}, "unix:///tmp/s.sock", "p", "g",
                               {{"SUPERVISOR_PROCESS_NAME", "mine"}, {"X", "1"}});
  std::map<std::string, std::string> m(env.begin(), env.end());
  CHECK(m["PATH"] == "/bin");
  CHECK(m["SUPERVISOR_ENABLED"] == "1");
  CHECK(m["SUPERVISOR_SERVER_URL"] == "unix:///tmp/s.sock");
  CHECK(m["SUPERVISOR_PROCESS_NAME"] == "mine");
  CHECK(m["SUPERVISOR_GROUP_NAME"] == "g");
  CHECK(m["X"] == "1");
  auto kept = child_environment({{"SUPERVISOR_SERVER_URL", "old"}}, "", "p", "g", {});
  CHECK(kept[0].second == "old");
}

TEST_CASE("debug echo of child output", "[unit]") {
  CHECK(format_output_echo("p", Channel::kStdout, "hi\n") == "'p' stdout output:\nhi\n");
  CHECK(format_output_echo("p", Channel::kStderr, "\xff" "abc\n") == "'p' stderr output:\nUndecodable: b'\\xffabc\\n'");
  // An overlong form is invalid for Python: the echo and the event payload agree (issue 13).
  CHECK(format_output_echo("p", Channel::kStdout, "\xC0\x80x") == "'p' stdout output:\nUndecodable: b'\\xc0\\x80x'");
}

TEST_CASE("config equality for update", "[unit]") {
  GroupConfig a;
  a.name = "g";
  ProcessConfig p;
  p.name = "p";
  p.command = "sleep 1";
  a.processes.push_back(p);
  GroupConfig b = a;
  CHECK(group_configs_equal(a, b));
  b.processes[0].stdout_channel.target = ChannelConfig::Target::kPath;
  b.processes[0].stdout_channel.path = "/x.log";
  CHECK(group_configs_equal(a, b));  // AUTO on one side: not compared
  b = a;
  b.processes[0].startsecs = 5;
  CHECK(!group_configs_equal(a, b));
  b = a;
  b.priority = 1;
  CHECK(!group_configs_equal(a, b));
}
