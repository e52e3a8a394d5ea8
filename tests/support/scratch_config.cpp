#include "tests/support/scratch_config.h"

#include <unistd.h>

namespace sup::test {

std::string supervisord_section(const TempDir& dir, const std::string& loglevel, const std::string& extra) {
  return "[supervisord]\nlogfile=" + dir.file("sd.log") + "\npidfile=" + dir.file("sd.pid") +
         "\nchildlogdir=" + dir.path() + "\nloglevel=" + loglevel + "\nnodaemon=true\nidentifier=t" +
         std::to_string(::getpid()) + "\n" + extra + "\n";
}

std::string rpc_sections(const std::string& socket_path) {
  return "[unix_http_server]\nfile=" + socket_path +
         "\n\n[rpcinterface:supervisor]\n"
         "supervisor.rpcinterface_factory = supervisor.rpcinterface:make_main_rpcinterface\n\n";
}

}  // namespace sup::test
