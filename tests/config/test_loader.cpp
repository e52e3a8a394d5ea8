// Sections, options, expansion and validation order of the loader (spec config.md §4-§9),
// on the simulated reference machine.
#include <catch2/catch.hpp>

#include "common/config_json.h"
#include "tests/config/scratch.h"

using namespace sup;
using namespace sup::test;

namespace {

const std::string kSup = "[supervisord]\n";

std::string err(const std::string& text) { return load_text(text).error(); }

// The error with the scratch directory replaced by {HERE}.
std::string err_here(const std::string& text) {
  ScratchDir dir;
  Loaded l = load_text(dir, text);
  return canonicalize_text(l.error(), dir.path());
}

}  // namespace

TEST_CASE("supervisord section defaults and normalisation", "[loader]") {
  Loaded l = load_text(kSup);
  REQUIRE(l.ok());
  const SupervisordConfig& s = l.config().supervisord;
  CHECK(s.logfile == "/supervisord.log");
  CHECK(s.pidfile == "/supervisord.pid");
  CHECK(s.umask == 022);
  CHECK(s.childlogdir == "/tmp");
  CHECK(s.identifier == "supervisor");
  CHECK(s.loglevel == LogLevel::kInfo);
  CHECK(s.logfile_maxbytes == 50 * 1024 * 1024);
  CHECK_FALSE(s.serverurl.has_value());
  CHECK(l.config().groups.empty());
}

TEST_CASE("missing file, missing section, bad supervisord values", "[loader]") {
  SimSystem sys(corpus_dir() + "/fixtures", "/tmp");
  auto r = load_config("/nonexistent/s.conf", sys);
  CHECK(std::get<ConfigError>(r).message == "could not find config file /nonexistent/s.conf");
  CHECK(err("") == ".ini file does not include supervisord section");
  CHECK(err("[Supervisord]\n") == ".ini file does not include supervisord section");
  CHECK(err(kSup + "loglevel=warning\n") == "bad logging level name 'warning'");
  CHECK(err(kSup + "minfds=x\n") == "invalid literal for int() with base 10: 'x'");
  CHECK(err(kSup + "umask=8\n") == "8 can not be converted to an octal type");
  CHECK(err(kSup + "directory=/nonexistent\n") == "/nonexistent is not an existing directory");
  CHECK(err(kSup + "logfile=/nonexistent/x.log\n") ==
        "The directory named as part of the path /nonexistent/x.log does not exist");
  CHECK(err(kSup + "user=nosuch\n") == "Invalid user name nosuch");
  CHECK(err(kSup + "user=54321\n") == "Invalid user id 54321");
  // Validation order: minfds is read before loglevel.
  CHECK(err(kSup + "loglevel=bad\nminfds=bad\n") == "invalid literal for int() with base 10: 'bad'");
}

TEST_CASE("respawn_pacing: our own supervisord key", "[loader]") {
  CHECK(load_text(kSup).config().supervisord.respawn_pacing_ms == 1000);
  CHECK(load_text(kSup + "respawn_pacing=0\n").config().supervisord.respawn_pacing_ms == 0);
  CHECK(load_text(kSup + "respawn_pacing = 250\n").config().supervisord.respawn_pacing_ms == 250);
  CHECK(load_text(kSup + "respawn_pacing=2147483647\n").config().supervisord.respawn_pacing_ms == 2147483647);
  CHECK(err(kSup + "respawn_pacing=x\n") == "invalid literal for int() with base 10: 'x'");
  CHECK(err(kSup + "respawn_pacing=1.5\n") == "invalid literal for int() with base 10: '1.5'");
  CHECK(err(kSup + "respawn_pacing=-1\n") == "-1 is below lower bound (0)");
  CHECK(err(kSup + "respawn_pacing=2147483648\n") == "2147483648 is above upper bound (2147483647)");
  // Supervisor does not read the key: its own errors come first.
  CHECK(err(kSup + "respawn_pacing=x\nminfds=y\n") == "invalid literal for int() with base 10: 'y'");
  CHECK(err_here(kSup + "respawn_pacing=x\n[program:p]\n") ==
        "program section program:p does not specify a command in section 'program:p' (file: "
        "'{HERE}/supervisord.conf')");
}

TEST_CASE("respawn_pacing stays out of the canonical JSON", "[loader]") {
  Loaded plain = load_text(kSup);
  Loaded paced = load_text(kSup + "respawn_pacing=5\n");
  REQUIRE(plain.ok());
  REQUIRE(paced.ok());
  CtlConfig ctl;
  CHECK(config_to_json(paced.config(), ctl) == config_to_json(plain.config(), ctl));
  CHECK(config_to_json(paced.config(), ctl).dump().find("respawn") == std::string::npos);
}

TEST_CASE("supervisord user resolves uid and primary gid", "[loader]") {
  Loaded l = load_text(kSup + "user=nobody\n");
  REQUIRE(l.ok());
  CHECK(l.config().supervisord.uid == 65534u);
  CHECK(l.config().supervisord.gid == 65534u);
}

TEST_CASE("program defaults and types", "[loader]") {
  Loaded l = load_text(kSup +
                       "[program:web]\ncommand=/bin/web --port %(process_num)d\nstopsignal=KILL\n"
                       "exitcodes=0,2\nautorestart=true\numask=027\nuser=root\nstartsecs=-1\n"
                       "stdout_logfile=NONE\nstderr_logfile=/tmp/%(program_name)s.err\n");
  REQUIRE(l.ok());
  REQUIRE(l.config().groups.size() == 1);
  const ProcessConfig& p = l.config().groups[0].processes.at(0);
  CHECK(p.name == "web");
  CHECK(p.command == "/bin/web --port 0");
  CHECK(p.stopsignal == 9);
  CHECK(p.exitcodes == std::vector<int>{0, 2});
  CHECK(p.autorestart == AutoRestart::kAlways);
  CHECK(p.umask == mode_t{027});
  CHECK(p.uid == 0u);
  CHECK(p.startsecs == -1);
  CHECK(p.stdout_channel.target == ChannelConfig::Target::kNone);
  CHECK(p.stderr_channel.target == ChannelConfig::Target::kPath);
  CHECK(p.stderr_channel.path == "/tmp/web.err");
  CHECK_FALSE(p.serverurl.has_value());
}

TEST_CASE("program errors carry the section and file", "[loader]") {
  CHECK(err_here(kSup + "[program:x]\ncommand=c\nstartsecs=abc\n") ==
        "invalid literal for int() with base 10: 'abc' in section 'program:x' (file: "
        "'{HERE}/supervisord.conf')");
  CHECK(err_here(kSup + "[program:x]\n") ==
        "program section program:x does not specify a command in section 'program:x' (file: "
        "'{HERE}/supervisord.conf')");
  CHECK(err_here(kSup + "[program:x]\ncommand=c\nnumprocs=2\n") ==
        "%(process_num) must be present within process_name when numprocs > 1 in section "
        "'program:x' (file: '{HERE}/supervisord.conf')");
  CHECK(err_here(kSup + "[program:x]\ncommand=c\nstopasgroup=true\nkillasgroup=false\n") ==
        "Cannot set stopasgroup=true and killasgroup=false in section 'program:x' (file: "
        "'{HERE}/supervisord.conf')");
  CHECK(err_here(kSup + "[program:x]\ncommand=c\nenvironment=A=1,B\n") ==
        "Unexpected end of key/value pairs in value 'A=1,B' in section 'program:x' (file: "
        "'{HERE}/supervisord.conf')");
  CHECK(err_here(kSup + "[program:x]\ncommand=c\nautorestart=maybe\n") ==
        "invalid 'autorestart' value 'maybe' in section 'program:x' (file: '{HERE}/supervisord.conf')");
  CHECK(err(kSup + "[program:x]\ncommand=c\npriority=abc\n") == "invalid literal for int() with base 10: 'abc'");
  CHECK(err(kSup + "[program:x y]\ncommand=c\n") == "Invalid name: 'x y' because of character: ' '");
}

TEST_CASE("numprocs naming, order and expansions", "[loader]") {
  Loaded l = load_text(kSup +
                       "[program:w]\ncommand=/bin/w %(process_num)d/%(numprocs)d %(group_name)s\n"
                       "process_name=w_%(process_num)d\nnumprocs=11\nnumprocs_start=0\n"
                       "environment=SLOT=\"%(process_num)d\"\ndirectory=/srv/%(ENV_SLOT)s\n");
  REQUIRE(l.ok());
  const auto& procs = l.config().groups.at(0).processes;
  REQUIRE(procs.size() == 11);
  CHECK(procs[0].name == "w_0");
  CHECK(procs[1].name == "w_1");
  CHECK(procs[2].name == "w_10");  // string order
  CHECK(procs[2].command == "/bin/w 10/11 w");
  CHECK(procs[2].directory == "/srv/10");
  CHECK(procs[2].environment.at("SLOT") == "10");
  CHECK(procs[2].process_num == 10);
  Loaded none = load_text(kSup + "[program:z]\ncommand=c\nnumprocs=0\n");
  REQUIRE(none.ok());
  CHECK(none.config().groups.at(0).processes.empty());
}

TEST_CASE("expansion names and double expansion", "[loader]") {
  CHECK(err(kSup + "[program:x]\ncommand=50%\n").rfind(
            "Format string '50%' for 'program:x.command' is badly formatted: incomplete format", 0) == 0);
  CHECK(err(kSup + "[program:x]\ncommand=c\nstdout_logfile=/tmp/a%%b.log\n")
            .rfind("Format string '/tmp/a%b.log' for 'stdout_logfile' is badly formatted: unsupported "
                   "format character 'b' (0x62) at index 7",
                   0) == 0);
  Loaded l = load_text(kSup + "environment=URI=\"/a%%%%20b\",H=\"%(here)s\"\n[program:x]\ncommand=%(ENV_URI)s %%\n");
  REQUIRE(l.ok());
  CHECK(l.config().supervisord.environment.at("URI") == "/a%20b");
  CHECK(l.config().supervisord.environment.at("H") == l.dir);
  CHECK(l.config().groups.at(0).processes.at(0).command == "/a%20b %");
  // ENV_ names from [supervisord] environment are not there for earlier supervisord keys.
  CHECK(err(kSup + "environment=LOGS=/tmp\nlogfile=%(ENV_LOGS)s/x.log\n")
            .rfind("Format string '%(ENV_LOGS)s/x.log' for 'supervisord.logfile' contains names "
                   "('ENV_LOGS') which cannot be expanded. Available names: ENV_BEANSTALK_HOST",
                   0) == 0);
}

TEST_CASE("groups: membership, ordering and the wrong-section quirk", "[loader]") {
  Loaded l = load_text(kSup +
                       "[program:b]\ncommand=b\npriority=5\n[program:a]\ncommand=a\n"
                       "[group:g]\nprograms=a,b\npriority=1\n[program:solo]\ncommand=s\npriority=1\n");
  REQUIRE(l.ok());
  const auto& groups = l.config().groups;
  REQUIRE(groups.size() == 2);
  CHECK(groups[0].name == "g");
  CHECK(groups[0].processes.at(0).name == "a");  // order of programs=, not priority
  CHECK(groups[0].processes.at(1).name == "b");
  CHECK(groups[0].processes.at(1).group == "g");
  CHECK(groups[0].processes.at(1).group_priority == 1);
  CHECK(groups[0].processes.at(1).priority == 5);
  CHECK(groups[1].name == "solo");
  CHECK(err(kSup + "[program:a]\ncommand=a\n[group:g]\nprograms=a,nosuch\n") ==
        "[program:a] names unknown program or fcgi-program nosuch");
  CHECK(err(kSup + "[group:g]\nprograms=nosuch\n") == "[group:g] names unknown program or fcgi-program nosuch");
}

TEST_CASE("eventlistener and fcgi-program sections", "[loader]") {
  Loaded l = load_text(kSup +
                       "[eventlistener:ev]\ncommand=l\nevents=tick_5,PROCESS_STATE,tick_5\n"
                       "[fcgi-program:f]\ncommand=f\nsocket=unix:///tmp/%(program_name)s.sock\n"
                       "user=nobody\n[fcgi-program:t]\ncommand=t\nsocket=tcp://LocalHost:9000\n");
  REQUIRE(l.ok());
  const auto& groups = l.config().groups;
  REQUIRE(groups.size() == 3);
  CHECK(groups[0].kind == GroupConfig::Kind::kEventListener);
  CHECK(groups[0].priority == -1);
  CHECK(groups[0].events == std::vector<std::string>{"PROCESS_STATE", "TICK_5"});
  CHECK(groups[1].socket == "unix:///tmp/f.sock");
  CHECK(groups[1].socket_mode == mode_t{0700});
  CHECK(groups[1].socket_owner == std::make_pair(uid_t{65534}, gid_t{65534}));
  CHECK(groups[2].socket == "tcp://localhost:9000");
  CHECK_FALSE(groups[2].socket_mode.has_value());
  CHECK(err(kSup + "[eventlistener:e]\ncommand=l\n") == "[eventlistener:e] section requires an \"events\" line");
  CHECK(err(kSup + "[eventlistener:e]\ncommand=l\nevents=NOPE\n") == "Unknown event type NOPE in [eventlistener:e] events");
  CHECK(err(kSup + "[eventlistener:e]\ncommand=l\nevents=TICK_5\nbuffer_size=0\n") ==
        "[eventlistener:e] section sets invalid buffer_size (0)");
  CHECK(err(kSup + "[eventlistener:e]\ncommand=l\nevents=TICK_5\nresult_handler=x:y\n") ==
        "x:y cannot be resolved within [eventlistener:e]");
  CHECK(err(kSup + "[fcgi-program:f]\ncommand=f\nsocket=unix://rel.sock\n") ==
        "('Unix socket path %s is not an absolute path', 'rel.sock') in [fcgi-program:f] socket");
  CHECK(err(kSup + "[fcgi-program:f]\ncommand=f\nsocket=tcp://localhost\n") ==
        "('Bad socket format %s', 'tcp://localhost') in [fcgi-program:f] socket");
  CHECK(err(kSup + "[fcgi-program:f]\ncommand=f\n") == "[fcgi-program:f] section requires a \"socket\" line");
}

TEST_CASE("http server sections", "[loader]") {
  Loaded l = load_text(kSup +
                       "[inet_http_server]\nport=127.0.0.1:9911\nusername=u\npassword=p\n"
                       "[unix_http_server]\nfile=/tmp/x/../s.sock\nchmod=0770\nchown=nobody:nogroup\n");
  REQUIRE(l.ok());
  const auto& s = l.config().supervisord;
  REQUIRE(s.http_servers.size() == 2);
  CHECK(s.http_servers[0].type == HttpServerConfig::Type::kInet);
  CHECK(s.http_servers[0].port == 9911);
  CHECK(s.http_servers[1].file == "/tmp/s.sock");
  CHECK(s.http_servers[1].chmod == mode_t{0770});
  CHECK(s.serverurl == "unix:///tmp/s.sock");
  CHECK(err(kSup + "[inet_http_server]\nport=9001\nusername=u\n") ==
        "Section [inet_http_server] contains incomplete authentication: If a username or a password "
        "is specified, both the username and password must be specified");
  CHECK(err(kSup + "[inet_http_server]\n") == "section [inet_http_server] has no port value");
  CHECK(err(kSup + "[unix_http_server]\n") == "section [unix_http_server] has no file value");
  CHECK(err(kSup + "[unix_http_server]\nfile=/tmp/s\nchown=work:work\n") == "Invalid sockchown value work:work");
  CHECK(err(kSup + "[unix_http_server]\nfile=/tmp/s\nchmod=9\n") == "Invalid chmod value 9");
}

TEST_CASE("includes: glob rules, order, warnings and here", "[loader]") {
  ScratchDir dir;
  dir.write("conf.d/b.conf", "[program:b]\ncommand=%(here)s/b\n");
  dir.write("conf.d/a.conf", "[program:a]\ncommand=a\n");
  dir.write("conf.d/.hidden.conf", "[program:hidden]\ncommand=h\n");
  dir.write("conf.d/c.ini", "[program:c]\ncommand=c\n");
  Loaded l = load_text(dir, kSup + "[include]\nfiles = conf.d/*.conf\n  conf.d/[!a]*.ini nothing-*.conf\n");
  REQUIRE(l.ok());
  const Config& c = l.config();
  std::vector<std::string> names;
  for (const auto& g : c.groups) names.push_back(g.name);
  CHECK(names == std::vector<std::string>{"a", "b", "c"});
  CHECK(c.groups[1].processes.at(0).command == dir.path() + "/conf.d/b");
  REQUIRE(c.infos.size() == 3);
  CHECK(c.infos[0] == "Included extra file \"" + dir.path() + "/conf.d/a.conf\" during parsing");
  REQUIRE(c.warnings.size() == 1);
  CHECK(c.warnings[0] == "No file matches via include \"" + dir.path() + "/nothing-*.conf\"");
  CHECK(err("[include]\n") == ".ini file has [include] section, but no files setting");
}

TEST_CASE("errors in included files name that file", "[loader]") {
  ScratchDir dir;
  dir.write("inc/bad.conf", "[program:x]\ncommand=c\nuser=nosuch\n");
  Loaded l = load_text(dir, kSup + "[include]\nfiles=inc/*.conf\n");
  CHECK(l.error() == "Invalid user name nosuch in section 'program:x' (file: '" + dir.path() + "/inc/bad.conf')");
  dir.write("inc/bad.conf", "no header\n");
  l = load_text(dir, kSup + "[include]\nfiles=inc/*.conf\n");
  CHECK(l.error() == "File contains no section headers.\nfile: '" + dir.path() + "/inc/bad.conf', line: 1\n'no header\\n'");
}

TEST_CASE("warnings for AUTO logs without rollover, syslog and redirect_stderr", "[loader]") {
  Loaded l = load_text(kSup +
                       "[program:x]\ncommand=c\nstdout_logfile_maxbytes=0\nstderr_logfile=syslog\n"
                       "[program:y]\ncommand=c\nredirect_stderr=true\nstderr_logfile=/tmp/e.log\n");
  REQUIRE(l.ok());
  const auto& w = l.config().warnings;
  REQUIRE(w.size() == 3);
  CHECK(w[0] ==
        "For [program:x], AUTO logging used for stdout_logfile without rollover, set maxbytes > 0 to "
        "avoid filling up filesystem unintentionally");
  CHECK(w[1] ==
        "For [program:x], stderr_logfile=syslog but this is deprecated and will be removed.  Use "
        "stderr_syslog=true to enable syslog instead.");
  CHECK(w[2] ==
        "For [program:y], redirect_stderr=true but stderr_logfile has also been set to a filename, "
        "the filename has been ignored");
  const ProcessConfig& y = l.config().groups.at(1).processes.at(0);
  CHECK(y.stderr_channel.target == ChannelConfig::Target::kNone);
}

TEST_CASE("DEFAULT keys reach programs and rpcinterface extras", "[loader]") {
  Loaded l = load_text(kSup +
                       "[DEFAULT]\nstartsecs=7\n[rpcinterface:supervisor]\n"
                       "supervisor.rpcinterface_factory = supervisor.rpcinterface:make_main_rpcinterface\n"
                       "[program:x]\ncommand=c\n");
  REQUIRE(l.ok());
  CHECK(l.config().groups.at(0).processes.at(0).startsecs == 7);
  const auto& rpc = l.config().supervisord.rpcinterfaces.at(0);
  CHECK(rpc.factory == "supervisor.rpcinterface:make_main_rpcinterface");
  CHECK(rpc.extras.at("startsecs") == "7");
  CHECK(err(kSup + "[rpcinterface:x]\n") == "section [rpcinterface:x] does not specify a supervisor.rpcinterface_factory");
}

TEST_CASE("empty values", "[loader]") {
  Loaded l = load_text(kSup + "[program:x]\ncommand=\nprocess_name=\nstdout_logfile=\nexitcodes=\nserverurl=\n");
  REQUIRE(l.ok());
  const ProcessConfig& p = l.config().groups.at(0).processes.at(0);
  CHECK(p.name.empty());
  CHECK(p.command.empty());
  CHECK(p.stdout_channel.target == ChannelConfig::Target::kPath);
  CHECK(p.stdout_channel.path.empty());
  CHECK(p.exitcodes.empty());
  CHECK(p.serverurl == std::string());
  CHECK(err_here(kSup + "[program:x]\ncommand=c\nstartretries=\n") ==
        "invalid literal for int() with base 10: '' in section 'program:x' (file: '{HERE}/supervisord.conf')");
}

TEST_CASE("command line overrides win over the file", "[loader]") {
  ScratchDir dir;
  std::string path = dir.write("s.conf", kSup + "nodaemon=false\nloglevel=info\nlogfile=/tmp/a.log\n");
  SimSystem sys(corpus_dir() + "/fixtures", dir.path());
  ServerOptions cli;
  cli.nodaemon = true;
  cli.loglevel = LogLevel::kDebug;
  cli.logfile = "rel.log";
  cli.user = "nobody";
  auto r = load_config(path, sys, cli);
  REQUIRE(std::holds_alternative<Config>(r));
  const auto& s = std::get<Config>(r).supervisord;
  CHECK(s.nodaemon);
  CHECK(s.loglevel == LogLevel::kDebug);
  CHECK(s.logfile == "/rel.log");
  CHECK(s.uid == 65534u);
}
