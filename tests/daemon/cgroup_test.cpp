// End-to-end with real cgroups (ours: cgroup_root): each child in a cgroup of its own, a stop
// that leaves no descendant, limits written or refused clearly at start-up. Run through
// cgroup_test.sh, which skips (77) with the reason when this machine has no writable cgroup
// v2 tree and otherwise passes one in SUP_CGROUP_PARENT.
#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <set>
#include <sstream>

#include <catch2/catch.hpp>
#include <fmt/format.h>

#include "tests/support/child_process.h"
#include "tests/support/daemon_process.h"
#include "tests/support/files.h"
#include "tests/support/poll.h"
#include "tests/support/rpc_client.h"
#include "tests/support/scratch_config.h"
#include "xmlrpc/client.h"

using namespace sup::test;

namespace {

// A cgroup for this test below SUP_CGROUP_PARENT, removed (with the daemon's leftovers) at
// the end.
class TestCgroup {
 public:
  TestCgroup() {
    const char* parent = std::getenv("SUP_CGROUP_PARENT");
    if (parent == nullptr) throw std::runtime_error("SUP_CGROUP_PARENT is not set: run through cgroup_test.sh");
    path_ = fmt::format("{}/sup-test-{}", parent, ::getpid());
    ::mkdir(path_.c_str(), 0755);
  }
  ~TestCgroup() {
    for (const std::string& child : list_dir(path_)) {
      if (child.find(':') != std::string::npos) ::rmdir((path_ + "/" + child).c_str());
    }
    ::rmdir(path_.c_str());
  }
  TestCgroup(const TestCgroup&) = delete;
  TestCgroup& operator=(const TestCgroup&) = delete;
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

std::set<pid_t> pids_in(const std::string& cgroup) {
  std::ifstream in(cgroup + "/cgroup.procs");
  std::set<pid_t> out;
  for (pid_t pid; in >> pid;) out.insert(pid);
  return out;
}

}  // namespace

TEST_CASE("cgroup_root: the child and its descendants share a cgroup; a stop ends them all", "[cgroup]") {
  TempDir dir;
  TestCgroup root;
  const std::string sock = dir.file("sv.sock");
  DaemonProcess d(dir, supervisord_section(dir, "debug", "cgroup_root=" + root.path() + "\n") + rpc_sections(sock) +
                           "[program:tree]\ncommand=/bin/sh -c 'sleep 300 & exec sleep 301'\nstartsecs=0\n");
  REQUIRE(d.wait_ready(sock));
  const std::string cgroup = root.path() + "/tree:tree";
  REQUIRE(wait_until([&] { return pids_in(cgroup).size() == 2; }));
  std::set<pid_t> members = pids_in(cgroup);
  xmlrpc::Client rpc(unix_url(sock));
  const pid_t main_pid = static_cast<pid_t>(
      must_value(rpc.call("supervisor.getProcessInfo", {xmlrpc::Value("tree")})).find("pid")->as_int());
  CHECK(members.count(main_pid) == 1);

  // Without stopasgroup the grandchild would survive; the cgroup takes it along.
  must_value(rpc.call("supervisor.stopProcess", {xmlrpc::Value("tree")}));
  CHECK(wait_until([&] { return !pid_alive(*members.begin()) && !pid_alive(*members.rbegin()); }));
  CHECK(pids_in(cgroup).empty());
  CHECK(d.stop() == 0);
  CHECK_FALSE(file_exists(cgroup));  // removed with the process
}

TEST_CASE("cgroup_root with limits: written when the controller is there, a clear error when not", "[cgroup]") {
  TempDir dir;
  TestCgroup root;
  const std::string sock = dir.file("sv.sock");
  std::string available = read_file(root.path() + "/cgroup.controllers");
  DaemonProcess d(dir, supervisord_section(dir, "debug", "cgroup_root=" + root.path() + "\n") + rpc_sections(sock) +
                           "[program:capped]\ncommand=sleep 300\nstartsecs=0\npids_max=50\n");
  if (available.find("pids") == std::string::npos) {
    auto status = d.wait_exit(15s);
    REQUIRE(status.has_value());
    CHECK(*status == 2);
    CHECK(d.output().find("Error: cgroup_root " + root.path() + ": the pids controller is not available there") !=
          std::string::npos);
    WARN("no pids controller in " + root.path() + " (cgroup.controllers: " + available + "): checked the start-up error");
    return;
  }
  REQUIRE(d.wait_ready(sock));
  REQUIRE(wait_until([&] { return file_exists(root.path() + "/capped:capped/pids.max"); }));
  CHECK(read_file(root.path() + "/capped:capped/pids.max") == "50\n");
  CHECK(d.stop() == 0);
}
