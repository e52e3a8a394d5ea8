#include "supervisord/rpc/rpc_info.h"

#include <algorithm>
#include <cstdint>
#include <limits>
#include <vector>

#include "common/config_lifecycle.h"
#include "supervisord/core/process_group.h"
#include "supervisord/core/supervisor.h"

namespace sup {
namespace {

std::int64_t capped_int(std::int64_t v) {
  return std::clamp<std::int64_t>(v, std::numeric_limits<std::int32_t>::min(),
                                  std::numeric_limits<std::int32_t>::max());
}

// Python's None goes out as the string 'none', Automatic as 'auto'.
void member_logfile(xmlrpc::Writer& out, std::string_view name, const ChannelConfig& channel,
                    const Process* live, Channel which) {
  switch (channel.target) {
    case ChannelConfig::Target::kNone:
      out.member_string(name, "none");
      return;
    case ChannelConfig::Target::kPath:
      out.member_string(name, channel.path);
      return;
    case ChannelConfig::Target::kAuto:
      // Only a process whose config object had its AUTO names chosen shows them.
      if (live != nullptr && !live->logfile(which).empty()) {
        out.member_string(name, live->logfile(which));
      } else {
        out.member_string(name, "auto");
      }
      return;
  }
}

void write_config_info(xmlrpc::Writer& out, const GroupConfig& group, const ProcessConfig& pc, bool inuse,
                       const Process* live) {
  out.begin_struct();
  out.member_bool("autostart", pc.autostart);
  out.member_string("directory", pc.directory ? std::string_view(*pc.directory) : "none");
  if (pc.uid) {
    out.member_int("uid", static_cast<std::int64_t>(*pc.uid));
  } else {
    out.member_string("uid", "none");
  }
  out.member_string("command", pc.command);
  out.begin_member("exitcodes");
  out.begin_array();
  for (int code : pc.exitcodes) out.int_value(code);
  out.end_array();
  out.end_member();
  out.member_string("group", group.name);
  out.member_int("group_prio", group.priority);
  out.member_bool("inuse", inuse);
  out.member_bool("killasgroup", pc.killasgroup);
  out.member_string("name", pc.name);
  out.member_int("process_prio", pc.priority);
  out.member_bool("redirect_stderr", pc.redirect_stderr);
  out.member_int("startretries", pc.startretries);
  out.member_int("startsecs", pc.startsecs);
  out.member_int("stdout_capture_maxbytes", pc.stdout_channel.capture_maxbytes);
  out.member_bool("stdout_events_enabled", pc.stdout_channel.events_enabled);
  member_logfile(out, "stdout_logfile", pc.stdout_channel, live, Channel::kStdout);
  out.member_int("stdout_logfile_backups", pc.stdout_channel.logfile_backups);
  out.member_int("stdout_logfile_maxbytes", pc.stdout_channel.logfile_maxbytes);
  out.member_bool("stdout_syslog", pc.stdout_channel.syslog);
  out.member_int("stopsignal", pc.stopsignal);
  out.member_int("stopwaitsecs", pc.stopwaitsecs);
  out.member_int("stderr_capture_maxbytes", pc.stderr_channel.capture_maxbytes);
  out.member_bool("stderr_events_enabled", pc.stderr_channel.events_enabled);
  member_logfile(out, "stderr_logfile", pc.stderr_channel, live, Channel::kStderr);
  out.member_int("stderr_logfile_backups", pc.stderr_channel.logfile_backups);
  out.member_int("stderr_logfile_maxbytes", pc.stderr_channel.logfile_maxbytes);
  out.member_bool("stderr_syslog", pc.stderr_channel.syslog);
  out.member_string("serverurl", pc.serverurl ? std::string_view(*pc.serverurl) : "none");
  out.end_struct();
}

}  // namespace

void write_process_info(xmlrpc::Writer& out, const Process& process) {
  const ProcessInfo info = process.info();
  out.begin_struct();
  out.member_string("name", info.name);
  out.member_string("group", info.group);
  out.member_int("start", capped_int(info.start));
  out.member_int("stop", capped_int(info.stop));
  out.member_int("now", capped_int(info.now));
  out.member_int("state", static_cast<int>(info.state));
  out.member_string("statename", info.statename);
  out.member_string("spawnerr", info.spawnerr);
  out.member_int("exitstatus", info.exitstatus);
  out.member_string("logfile", info.stdout_logfile);
  out.member_string("stdout_logfile", info.stdout_logfile);
  out.member_string("stderr_logfile", info.stderr_logfile);
  out.member_int("pid", info.pid);
  out.member_string("description", info.description);
  if (const auto& lifecycle = process.config().lifecycle; lifecycle && lifecycle->healthcheck) {
    out.member_string("health", health_name(process.health()));
  }
  out.end_struct();
}

void write_all_config_info(xmlrpc::Writer& out, const Supervisor& supervisor,
                           const std::function<bool(const std::string& group)>& names_chosen) {
  struct Entry {
    const GroupConfig* group;
    const ProcessConfig* process;
    bool inuse;
    const Process* live;
  };
  std::vector<Entry> entries;
  for (const GroupConfig& group : supervisor.pending_config().groups) {
    const ProcessGroup* active = supervisor.find_group(group.name);
    for (const ProcessConfig& pc : group.processes) {
      const Process* live = active != nullptr && names_chosen(group.name) ? active->find(pc.name) : nullptr;
      entries.push_back({&group, &pc, active != nullptr, live});
    }
  }
  // Python's list.sort(key=name) is stable: equal names keep the config order.
  std::stable_sort(entries.begin(), entries.end(),
                   [](const Entry& a, const Entry& b) { return a.process->name < b.process->name; });
  out.begin_array();
  for (const Entry& e : entries) write_config_info(out, *e.group, *e.process, e.inuse, e.live);
  out.end_array();
}

void write_result(xmlrpc::Writer& out, std::string_view name, std::string_view group, int status,
                  std::string_view description) {
  out.begin_struct();
  out.member_string("name", name);
  out.member_string("group", group);
  out.member_int("status", status);
  out.member_string("description", description);
  out.end_struct();
}

}  // namespace sup
