// The effective configuration of supervisord and supervisorctl, after parsing, expansion and
// validation, as Supervisor 4.2.5's ServerOptions/ClientOptions hold it (see
// ../shared/spec/config.md and ../shared/corpus/README.md for the meaning of each field).
// This header is the contract between the config reader and its users (daemon, check-config,
// supervisorctl): plain values, no behaviour.
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace sup {

enum class AutoRestart { kNever, kUnexpected, kAlways };

struct LifecycleConfig;  // common/config_lifecycle.h

// Supervisor's log levels with their numeric values (higher is more severe).
enum class LogLevel : int {
  kBlather = 3,
  kTrace = 5,
  kDebug = 10,
  kInfo = 20,
  kWarn = 30,
  kError = 40,
  kCritical = 50,
};

// Time-based rotation of a log file (ours, not Supervisor's): at the local clock boundary.
enum class RotateEvery : unsigned char { kNever, kHourly, kDaily };

// What goes before each line of a child's log (ours, not Supervisor's).
enum class StampStyle : unsigned char { kNone, kIso8601, kPattern };

// Where one output channel (stdout or stderr) of a process is logged.
struct ChannelConfig {
  enum class Target { kNone, kAuto, kPath };
  Target target = Target::kAuto;
  std::string path;  // kPath only; may be "" (Supervisor accepts an empty logfile=)
  std::int64_t logfile_maxbytes = 50 * 1024 * 1024;
  int logfile_backups = 10;
  std::int64_t capture_maxbytes = 0;
  bool events_enabled = false;
  bool syslog = false;
  // Ours (README "Options of our own"); Supervisor ignores these keys. The defaults are
  // Supervisor's behaviour, and --check-config --json shows a key only when it differs.
  StampStyle stamp = StampStyle::kNone;  // <channel>_logfile_timestamps
  RotateEvery rotate_every = RotateEvery::kNever;  // <channel>_logfile_rotate_every
  bool compress = false;  // <channel>_logfile_compress: gzip rotated files
  bool prefix = false;    // <channel>_logfile_prefix: "name | " before each line
  std::string stamp_pattern;  // kPattern: the strftime pattern as written
};

struct ProcessConfig {
  std::string name;     // after process_name expansion
  std::string group;    // the group it belongs to
  std::string section;  // INI section exactly as spelled, e.g. "program:web "
  int process_num = 0;
  int numprocs = 1;

  std::string command;  // after expansion; split at spawn time with POSIX shlex rules
  bool autostart = true;
  AutoRestart autorestart = AutoRestart::kUnexpected;
  std::optional<std::string> directory;
  std::optional<std::string> user;  // as written
  std::optional<uid_t> uid;
  std::vector<int> exitcodes{0};
  int priority = 999;  // process_prio
  int group_priority = 999;
  int startsecs = 1;
  int startretries = 3;
  int stopsignal = 15;  // signal number
  int stopwaitsecs = 10;
  bool stopasgroup = false;
  bool killasgroup = false;
  bool redirect_stderr = false;
  std::optional<mode_t> umask;
  // nullopt: SUPERVISOR_SERVER_URL comes from the daemon (serverurl=AUTO or absent);
  // "" means the variable is not set at all.
  std::optional<std::string> serverurl;
  std::map<std::string, std::string> environment;  // [supervisord] environment overlaid with the program's
  ChannelConfig stdout_channel;
  ChannelConfig stderr_channel;
  // Ours, not Supervisor's (depends_on, healthcheck, backoff, ...): null when the program
  // sets none of those keys.
  std::shared_ptr<const LifecycleConfig> lifecycle;
};

struct GroupConfig {
  enum class Kind { kProcess, kEventListener, kFcgi };
  std::string name;
  int priority = 999;
  Kind kind = Kind::kProcess;
  std::vector<ProcessConfig> processes;  // in supervisord's order

  // kEventListener only.
  int buffer_size = 10;
  std::vector<std::string> events;  // sorted event type names
  std::string result_handler = "supervisor.dispatchers:default_handler";

  // kFcgi only.
  std::string socket;  // "tcp://host:port" or "unix:///path"
  std::optional<int> socket_backlog;
  std::optional<std::pair<uid_t, gid_t>> socket_owner;  // -1 = unchanged
  std::optional<mode_t> socket_mode;
};

struct HttpServerConfig {
  enum class Type { kInet, kUnix };
  Type type = Type::kInet;
  std::string section;
  // kInet
  std::string host;  // "" = all interfaces
  int port = 0;
  // kUnix
  std::string file;
  mode_t chmod = 0700;
  uid_t chown_uid = static_cast<uid_t>(-1);  // -1 = unchanged
  gid_t chown_gid = static_cast<gid_t>(-1);
  std::optional<std::string> username;
  std::optional<std::string> password;  // plain, or "{SHA}" + 40 hex digits
};

struct RpcInterfaceConfig {
  std::string name;
  std::string factory;
  std::map<std::string, std::string> extras;
};

struct SupervisordConfig {
  std::string logfile;  // absolute path, or "syslog"
  std::int64_t logfile_maxbytes = 50 * 1024 * 1024;
  int logfile_backups = 10;
  LogLevel loglevel = LogLevel::kInfo;
  std::string pidfile;
  mode_t umask = 022;
  bool nodaemon = false;
  bool silent = false;
  bool nocleanup = false;
  bool strip_ansi = false;
  int minfds = 1024;
  int minprocs = 200;
  std::string childlogdir = "/tmp";
  std::string identifier = "supervisor";
  std::optional<std::string> directory;
  std::optional<std::string> user;
  std::optional<uid_t> uid;
  std::optional<gid_t> gid;
  std::map<std::string, std::string> environment;
  std::optional<std::string> serverurl;  // what children get when their serverurl is unset
  std::vector<HttpServerConfig> http_servers;  // inet first, then unix, each in section order
  std::vector<RpcInterfaceConfig> rpcinterfaces;
  // Ours, not Supervisor's: crash-loop pacing (supervisor.h DaemonSettings::respawn_pacing),
  // in milliseconds; 0 = Supervisor's immediate respawn. Not in the canonical JSON, which
  // mirrors what Supervisor reads.
  std::int64_t respawn_pacing_ms = 1000;
  // Ours: a delegated cgroup v2 directory; each child then runs in a cgroup of its own below
  // it, and a stop kills the whole cgroup.
  std::optional<std::string> cgroup_root;
  // Ours: time rotation and gzip of the main log's rotated files (logfile_rotate_every,
  // logfile_compress); shown in the canonical JSON only when set.
  RotateEvery logfile_rotate_every = RotateEvery::kNever;
  bool logfile_compress = false;
};

struct CtlConfig {
  std::string serverurl = "http://localhost:9001";
  std::optional<std::string> username;
  std::optional<std::string> password;
  std::string prompt = "supervisor";
  std::optional<std::string> history_file;
};

// Everything supervisord takes from its configuration file.
struct Config {
  std::string path;  // the main file as given
  SupervisordConfig supervisord;
  std::vector<GroupConfig> groups;  // priority, then name
  std::vector<std::string> warnings;  // logged at WARN once the logger exists
  std::vector<std::string> infos;     // logged at INFO ("Included extra file ...")
};

}  // namespace sup
