// A Supervisor on the fake machine (tests/support/fake_os.h): Config structs built in code,
// every state change recorded with the fake time it happened at, the main log readable.
// Nothing forks and nothing waits in real time.
#pragma once

#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <boost/asio/io_context.hpp>

#include "common/config.h"
#include "common/log_main.h"
#include "supervisord/core/supervisor.h"
#include "tests/support/fake_os.h"
#include "tests/support/temp_dir.h"

namespace sup::test {

// A [program:name] with no log files; `command` must resolve (use /bin/sh).
ProcessConfig program(const std::string& name, const std::string& command = "/bin/sh -c true");
// A homogeneous group holding `p` (numprocs 1) at `priority`.
GroupConfig group_of(ProcessConfig p, int priority = 999);
// A [group:name] of several programs at `priority`, in the given order.
GroupConfig group_of(const std::string& name, std::vector<ProcessConfig> members, int priority = 999);

// An [eventlistener:name] pool of `members` (their group set to `name`) subscribed to
// `events` (type names), at Supervisor's default listener priority.
GroupConfig listener_group(const std::string& name, std::vector<ProcessConfig> members,
                           std::vector<std::string> events, int buffer_size = 10, int priority = -1);

// One observed transition: "name:FROM->TO" ("!" appended for an unexpected EXITED), and when.
struct Change {
  std::string text;
  std::chrono::milliseconds at;
};

// When the Machine creates its groups: at construction, or at create_groups() for an observer
// that must exist first (the event bus sees the start-up PROCESS_GROUP_ADDED events).
enum class CreateGroups { kNow, kLater };

class Machine final : private SupervisorObserver {
 public:
  // Builds the supervisor and (with kNow) its groups; call start() to enter the loop.
  // Respawn pacing is off unless `settings` says otherwise; `loader` serves reloads and
  // rereads.
  explicit Machine(std::vector<GroupConfig> groups, std::optional<DaemonSettings> settings = std::nullopt,
                   CreateGroups when = CreateGroups::kNow, ConfigLoader loader = {});
  ~Machine() override;
  Machine(const Machine&) = delete;
  Machine& operator=(const Machine&) = delete;

  // With CreateGroups::kLater: creates the groups now. Call once, before start().
  void create_groups();
  // The first pass runs at once: autostart programs are spawned at time 0.
  void start();
  Supervisor& supervisor() { return *sup_; }
  FakeOs& os() { return os_; }
  Process& process(const std::string& name);

  // Moves the fake clock (alarms fire on the way).
  void advance(std::chrono::milliseconds step) { os_.advance(step); }
  // The process' current child ends with `status` (FakeOs::exited / killed_by); the loop
  // reaps it before this returns.
  void end(Process& process, int status);

  // The process' current child writes `data` to its stdout; the loop has read it (and
  // handed it to the observers) before this returns.
  void write_stdout(Process& process, std::string_view data);
  // What the daemon wrote to the process' current child's stdin since the last call.
  std::string read_stdin(Process& process);

  // State changes as "name:FROM->TO", in order; cleared by clear_changes().
  std::vector<std::string> changes() const;
  const std::vector<Change>& timed_changes() const { return changes_; }
  void clear_changes() { changes_.clear(); }
  // Times (ms since start) of every spawn of `name`'s process.
  std::vector<long> spawn_times(const std::string& name) const;
  // Whether the main log has a line containing `text` (level names as written: "INFO").
  bool logged(const std::string& text) const;
  std::string main_log() const;

  std::optional<SupervisorState> finished() const { return finished_; }

 private:
  void on_process_state(Process& p, ProcessState from, bool expected) override;

  TempDir dir_;
  boost::asio::io_context io_;
  FakeOs os_{io_};
  MainLog log_;
  std::unique_ptr<Supervisor> sup_;
  std::vector<Change> changes_;
  std::optional<SupervisorState> finished_;
};

}  // namespace sup::test
