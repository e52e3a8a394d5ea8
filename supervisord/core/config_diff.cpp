#include "supervisord/core/config_diff.h"

#include "common/config_json.h"

namespace sup {

namespace {

bool channels_equal(const ChannelConfig& a, const ChannelConfig& b) {
  // A logfile is not compared when either side is AUTO (quirk kept from Supervisor).
  bool skip_file = a.target == ChannelConfig::Target::kAuto || b.target == ChannelConfig::Target::kAuto;
  if (!skip_file && (a.target != b.target || a.path != b.path)) return false;
  return a.logfile_maxbytes == b.logfile_maxbytes && a.logfile_backups == b.logfile_backups &&
         a.capture_maxbytes == b.capture_maxbytes && a.events_enabled == b.events_enabled && a.syslog == b.syslog &&
         a.stamp == b.stamp && a.stamp_pattern == b.stamp_pattern && a.rotate_every == b.rotate_every &&
         a.compress == b.compress && a.prefix == b.prefix;
}

// Our own keys: equal when both are absent or both say the same.
bool lifecycles_equal(const ProcessConfig& a, const ProcessConfig& b) {
  if (!a.lifecycle || !b.lifecycle) return !a.lifecycle && !b.lifecycle;
  return lifecycle_to_json(*a.lifecycle) == lifecycle_to_json(*b.lifecycle);
}

}  // namespace

bool process_configs_equal(const ProcessConfig& a, const ProcessConfig& b) {
  return a.name == b.name && a.uid == b.uid && a.command == b.command && a.directory == b.directory &&
         a.umask == b.umask && a.priority == b.priority && a.autostart == b.autostart &&
         a.autorestart == b.autorestart && a.startsecs == b.startsecs && a.startretries == b.startretries &&
         a.stopsignal == b.stopsignal && a.stopwaitsecs == b.stopwaitsecs && a.stopasgroup == b.stopasgroup &&
         a.killasgroup == b.killasgroup && a.exitcodes == b.exitcodes && a.redirect_stderr == b.redirect_stderr &&
         a.environment == b.environment && a.serverurl == b.serverurl &&
         channels_equal(a.stdout_channel, b.stdout_channel) && channels_equal(a.stderr_channel, b.stderr_channel) && lifecycles_equal(a, b);
}

bool group_configs_equal(const GroupConfig& running, const GroupConfig& candidate) {
  // Supervisor's FastCGI group __eq__ accepts a plain program group with the same settings.
  if (running.kind != candidate.kind && running.kind != GroupConfig::Kind::kFcgi) return false;
  if (running.name != candidate.name || running.priority != candidate.priority) return false;
  if (running.processes.size() != candidate.processes.size()) return false;
  for (size_t i = 0; i < running.processes.size(); ++i) {
    if (!process_configs_equal(running.processes[i], candidate.processes[i])) return false;
  }
  if (running.kind == GroupConfig::Kind::kEventListener) {
    if (running.buffer_size != candidate.buffer_size || running.events != candidate.events ||
        running.result_handler != candidate.result_handler) {
      return false;
    }
  }
  if (running.kind == GroupConfig::Kind::kFcgi && candidate.kind == GroupConfig::Kind::kFcgi &&
      running.socket != candidate.socket) {
    return false;
  }
  return true;
}

}  // namespace sup
