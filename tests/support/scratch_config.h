// Pieces of supervisord.conf for a daemon confined to a test's scratch directory: every file
// it writes (main log, pidfile, AUTO child logs, sockets) lands in that directory.
#pragma once

#include <string>

#include "tests/support/temp_dir.h"

namespace sup::test {

// [supervisord] with logfile <dir>/sd.log, pidfile <dir>/sd.pid, childlogdir <dir>,
// nodaemon, the given loglevel and an identifier unique to this test process; `extra` is
// more "key=value\n" lines for the same section. Ends with a blank line.
std::string supervisord_section(const TempDir& dir, const std::string& loglevel = "debug",
                                const std::string& extra = "");
// [unix_http_server] on `socket_path` and [rpcinterface:supervisor]: what a daemon needs to
// answer XML-RPC on its unix socket.
std::string rpc_sections(const std::string& socket_path);

}  // namespace sup::test
