#include "tests/core/machine.h"

#include <signal.h>

#include <stdexcept>

#include "tests/support/files.h"

namespace sup::test {

ProcessConfig program(const std::string& name, const std::string& command) {
  ProcessConfig p;
  p.name = name;
  p.group = name;
  p.command = command;
  p.stdout_channel.target = ChannelConfig::Target::kNone;
  p.stderr_channel.target = ChannelConfig::Target::kNone;
  return p;
}

GroupConfig group_of(ProcessConfig p, int priority) {
  GroupConfig g;
  g.name = p.group;
  g.priority = priority;
  p.group_priority = priority;
  g.processes.push_back(std::move(p));
  return g;
}

GroupConfig group_of(const std::string& name, std::vector<ProcessConfig> members, int priority) {
  GroupConfig g;
  g.name = name;
  g.priority = priority;
  for (ProcessConfig& p : members) {
    p.group = name;
    p.group_priority = priority;
    g.processes.push_back(std::move(p));
  }
  return g;
}

GroupConfig listener_group(const std::string& name, std::vector<ProcessConfig> members,
                           std::vector<std::string> events, int buffer_size, int priority) {
  GroupConfig g = group_of(name, std::move(members), priority);
  g.kind = GroupConfig::Kind::kEventListener;
  g.events = std::move(events);
  g.buffer_size = buffer_size;
  return g;
}

Machine::Machine(std::vector<GroupConfig> groups, std::optional<DaemonSettings> settings, CreateGroups when,
                 ConfigLoader loader) {
  MainLog::Options options;
  options.logfile = dir_.file("main.log");
  options.level = LogLevel::kDebug;
  if (log_.open(options)) throw std::runtime_error("cannot open " + options.logfile);
  Config config;
  config.supervisord.childlogdir = dir_.path();
  config.groups = std::move(groups);
  DaemonSettings chosen;
  chosen.respawn_pacing = std::chrono::milliseconds(0);
  sup_ = std::make_unique<Supervisor>(io_, os_, log_, std::move(config), settings.value_or(chosen), std::move(loader));
  sup_->add_observer(this);
  sup_->set_on_finished([this](SupervisorState mood) { finished_ = mood; });
  os_.set_sigchld([this] { sup_->handle_signal(SIGCHLD); });
  if (when == CreateGroups::kNow) create_groups();
}

void Machine::create_groups() { sup_->create_groups(); }

Machine::~Machine() { sup_->remove_observer(this); }

void Machine::start() {
  sup_->start();
  os_.settle();
}

Process& Machine::process(const std::string& name) {
  for (const auto& g : sup_->groups()) {
    if (Process* p = g->find(name)) return *p;
  }
  throw std::runtime_error("no process " + name);
}

void Machine::end(Process& process, int status) {
  if (process.pid() == 0) throw std::runtime_error(process.name() + " has no child to end");
  os_.end_child(process.pid(), status);
  os_.settle();
}

void Machine::write_stdout(Process& process, std::string_view data) {
  if (process.pid() == 0) throw std::runtime_error(process.name() + " has no child to write");
  os_.write_stdout(process.pid(), data);
  os_.settle();
}

std::string Machine::read_stdin(Process& process) {
  if (process.pid() == 0) throw std::runtime_error(process.name() + " has no child to read");
  os_.settle();
  return os_.read_stdin(process.pid());
}

std::vector<std::string> Machine::changes() const {
  std::vector<std::string> out;
  for (const Change& c : changes_) out.push_back(c.text);
  return out;
}

std::vector<long> Machine::spawn_times(const std::string& name) const {
  std::vector<long> out;
  for (const FakeOs::Spawn& s : os_.spawns()) {
    bool ours = false;
    for (const auto& [key, value] : s.environment) ours |= key == "SUPERVISOR_PROCESS_NAME" && value == name;
    if (ours) out.push_back(static_cast<long>(os_.since_start(s.at).count()));
  }
  return out;
}

std::string Machine::main_log() const { return read_file(dir_.file("main.log")); }

bool Machine::logged(const std::string& text) const { return main_log().find(text) != std::string::npos; }

void Machine::on_process_state(Process& p, ProcessState from, bool expected) {
  changes_.push_back({p.name() + ":" + std::string(process_state_name(from)) + "->" +
                          std::string(process_state_name(p.state())) + (expected ? "" : "!"),
                      os_.elapsed()});
}

}  // namespace sup::test
