// The event system on the fake machine (tests/core/machine.h): a Machine with its EventBus
// wired as the daemon wires them, and the listener side of the protocol (events.md §2, §5)
// played by the test through a fake child's pipes. Nothing forks, nothing waits.
//
// Lifetime: a FakeListener refers to its Machine and must not outlive it.
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "supervisord/events/event_bus.h"
#include "tests/core/machine.h"

namespace sup::test {

// A Machine whose bus exists before the groups, so it sees the start-up PROCESS_GROUP_ADDED
// events; the bus goes before the Supervisor, as in the daemon.
struct EventMachine {
  explicit EventMachine(std::vector<GroupConfig> groups);
  Machine machine;
  EventBus bus;
};

// A listener program for a pool: RUNNING one pass after its spawn (startsecs=0), so a test
// needs no clock for it.
ProcessConfig listener(const std::string& name);

// One event as a pool wrote it to a listener's stdin.
struct Envelope {
  std::map<std::string, std::string> header;  // ver, server, serial, pool, poolserial, eventname, len
  std::string name;                           // eventname
  std::int64_t serial = -1;
  std::int64_t pool_serial = -1;
  std::string payload;
  std::string raw;  // the header line and the payload, as written
};

// Splits a listener's input into envelopes. An envelope is written whole, so a partial or
// malformed one throws (and fails the test).
std::vector<Envelope> parse_envelopes(std::string_view stream);

class FakeListener {
 public:
  // Plays the listener process `process` of `machine` (looked up by name on every call, so
  // a restarted or re-created process is followed; a new child starts in ACKNOWLEDGED).
  FakeListener(Machine& machine, std::string process);

  // Says READY (unless this child already has and got nothing since) and returns the event
  // the pool wrote in answer, if any; the listener is then BUSY. More than one throws.
  std::optional<Envelope> ready();
  // What the pool wrote since the last look, if anything (no READY is sent).
  std::optional<Envelope> poll();
  // RESULT <len>\n<body> for the event in flight; the listener is then ACKNOWLEDGED.
  void result(std::string_view body);
  // Answers OK to every event the pool has for it, until none is left; in delivery order.
  std::vector<Envelope> drain();
  // Arbitrary bytes on the protocol channel (protocol violations, several tokens at once).
  void write(std::string_view bytes);

 private:
  Process& process();
  std::optional<Envelope> take_one();

  Machine& machine_;
  std::string name_;
  pid_t ready_pid_ = 0;  // the child that said READY and has been sent nothing since
};

}  // namespace sup::test
