// supervisord's command line (spec config.md §10) and supervisorctl's config reading.
#include <catch2/catch.hpp>

#include "common/ctl_options.h"
#include "common/server_options.h"
#include "tests/config/scratch.h"

using namespace sup;
using namespace sup::test;

namespace {

const std::string kProg = "/usr/bin/supervisord";

std::variant<ServerOptions, ExitRequest> parse(std::vector<std::string> args) {
  static SimSystem sys(corpus_dir() + "/fixtures", "/tmp");
  args.insert(args.begin(), kProg);
  return parse_server_options(args, sys);
}

std::string error_of(std::vector<std::string> args) {
  auto r = parse(std::move(args));
  if (auto* e = std::get_if<ExitRequest>(&r)) {
    CHECK(e->code == 2);
    std::string prefix = "Error: ", suffix = "\nFor help, use " + kProg + " -h\n";
    REQUIRE(e->err.rfind(prefix, 0) == 0);
    REQUIRE(e->err.size() > suffix.size());
    CHECK(e->err.substr(e->err.size() - suffix.size()) == suffix);
    return e->err.substr(prefix.size(), e->err.size() - prefix.size() - suffix.size());
  }
  return "(parsed)";
}

}  // namespace

TEST_CASE("command line errors", "[options]") {
  CHECK(error_of({"-x"}) == "option -x not recognized");
  CHECK(error_of({"--node"}) == "option --node not recognized");
  CHECK(error_of({"--log"}) == "option --log not a unique prefix");
  CHECK(error_of({"--user"}) == "option --user requires argument");
  CHECK(error_of({"-c"}) == "option -c requires argument");
  CHECK(error_of({"--nodaemon=1"}) == "option --nodaemon must not have an argument");
  CHECK(error_of({"extra"}) == "positional arguments are not supported: ['extra']");
  CHECK(error_of({"-nkt", "extra", "x"}) == "positional arguments are not supported: ['extra', 'x']");
  CHECK(error_of({"-"}) == "positional arguments are not supported: ['-']");
  CHECK(error_of({"-n", "-n"}) == "conflicting command line option '-n'");
  CHECK(error_of({"--noda", "--noda"}) == "conflicting command line option '--nodaemon'");
  CHECK(error_of({"--conf=/a", "--configuration=/b"}) == "conflicting command line option '--configuration'");
  CHECK(error_of({"-e", "badlevel"}) == "invalid value for -e 'badlevel': bad logging level name 'badlevel'");
  CHECK(error_of({"-y", "5X"}) == "invalid value for -y '5X': invalid literal for int() with base 10: '5x'");
  CHECK(error_of({"-m", "9"}) == "invalid value for -m '9': 9 can not be converted to an octal type");
  CHECK(error_of({"-d", "/nonexistent"}) == "invalid value for -d '/nonexistent': /nonexistent is not an existing directory");
  CHECK(error_of({"-l", "/nonexistent/x.log"}) ==
        "invalid value for -l '/nonexistent/x.log': The directory named as part of the path "
        "/nonexistent/x.log does not exist");
  CHECK(error_of({"--minprocs", "x"}) == "invalid value for --minprocs 'x': invalid literal for int() with base 10: 'x'");
  CHECK(error_of({"--check-config=1"}) == "option --check-config must not have an argument");
}

TEST_CASE("help and version exit 0 in argument order", "[options]") {
  auto r = parse({"-c", "/missing", "-v"});
  auto* e = std::get_if<ExitRequest>(&r);
  REQUIRE(e);
  CHECK(e->code == 0);
  CHECK(e->out == "4.2.5\n");
  r = parse({"--prof=x", "-h"});
  e = std::get_if<ExitRequest>(&r);
  REQUIRE(e);
  CHECK(e->code == 0);
  CHECK(e->out.rfind("supervisord -- run a set of applications as daemons.\n\nUsage: " + kProg +
                         " [options]\n\nOptions:\n",
                     0) == 0);
  CHECK(std::count(e->out.begin(), e->out.end(), '\n') == 30);
  CHECK(e->out.substr(e->out.size() - 3) == ")\n\n");
}

TEST_CASE("options parse into ServerOptions", "[options]") {
  auto r = parse({"-nkt", "-c/etc/s.conf", "--ident", "me", "--umask=077", "-y", "1KB", "-e", "DEBUG",
                  "--check-config", "--json", "-u", "nobody"});
  REQUIRE(std::holds_alternative<ServerOptions>(r));
  const auto& o = std::get<ServerOptions>(r);
  CHECK(o.configfile == "/etc/s.conf");
  CHECK(o.nodaemon == true);
  CHECK(o.nocleanup == true);
  CHECK(o.strip_ansi == true);
  CHECK_FALSE(o.silent.has_value());
  CHECK(o.identifier == "me");
  CHECK(o.umask == mode_t{077});
  CHECK(o.logfile_maxbytes == 1024);
  CHECK(o.loglevel == LogLevel::kDebug);
  CHECK(o.check_config);
  CHECK(o.json);
  CHECK(o.user == "nobody");
  // Our flags do not take part in prefix matching: "--ch" still means --childlogdir.
  r = parse({"--ch", "/tmp"});
  REQUIRE(std::holds_alternative<ServerOptions>(r));
  CHECK(std::get<ServerOptions>(r).childlogdir == "/tmp");
}

TEST_CASE("default search list", "[options]") {
  CHECK(default_config_paths("/usr/bin/supervisord") ==
        std::vector<std::string>{"/usr/etc/supervisord.conf", "/usr/supervisord.conf", "supervisord.conf",
                                 "etc/supervisord.conf", "/etc/supervisord.conf",
                                 "/etc/supervisor/supervisord.conf"});
  CHECK(default_config_paths("supervisord").front() == "etc/supervisord.conf");
}

TEST_CASE("a bad -u is reported after the file is read", "[options]") {
  ScratchDir dir;
  std::string path = dir.write("s.conf", "[supervisord]\n");
  SimSystem sys(corpus_dir() + "/fixtures", dir.path());
  auto parsed = parse_server_options({kProg, "-u", "nosuch", "-c", path}, sys);
  REQUIRE(std::holds_alternative<ServerOptions>(parsed));
  ServerConfigLoad l = load_server_config(std::get<ServerOptions>(parsed), sys);
  REQUIRE(l.exit);
  CHECK(l.exit->err == "Error: Invalid user name nosuch\nFor help, use " + kProg + " -h\n");
}

TEST_CASE("supervisorctl reads only [supervisorctl]", "[options]") {
  ScratchDir dir;
  SimSystem sys(corpus_dir() + "/fixtures", dir.path());
  auto ctl = [&](const std::string& text) { return load_ctl_config(dir.write("c.conf", text), sys); };
  auto defaults = load_ctl_config(std::nullopt, sys);
  REQUIRE(std::holds_alternative<CtlConfig>(defaults));
  CHECK(std::get<CtlConfig>(defaults).serverurl == "http://localhost:9001");

  auto r = ctl("[supervisorctl]\nserverurl=unix://~/x/../s.sock\nhistory_file=%(here)s/h\nprompt=%(ENV_USER)s\n"
               "username=u\npassword=p\n");
  REQUIRE(std::holds_alternative<CtlConfig>(r));
  const CtlConfig& c = std::get<CtlConfig>(r);
  CHECK(c.serverurl == "unix:///root/s.sock");
  CHECK(c.history_file == dir.path() + "/h");
  CHECK(c.prompt == "root");
  CHECK(c.username == "u");
  CHECK(c.password == "p");

  r = ctl("[supervisord]\n");
  CHECK(std::get<ConfigError>(r).message == ".ini file does not include supervisorctl section");
  r = ctl("[supervisorctl]\nbad line\n");
  CHECK(std::get<ConfigError>(r).uncaught);
  CHECK(std::get<ConfigError>(r).message.rfind("ParsingError: Source contains parsing errors", 0) == 0);
  r = ctl("[supervisorctl]\n[ctlplugin:x]\n");
  CHECK(std::get<ConfigError>(r).message == "section [ctlplugin:x] does not specify a supervisor.ctl_factory");
  auto missing = load_ctl_config(dir.path() + "/nope.conf", sys);
  CHECK(std::get<ConfigError>(missing).message == "could not find config file " + dir.path() + "/nope.conf");
}
