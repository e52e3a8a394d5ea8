// Opening the listening sockets the way supervisord does (spec §1.2, §1.3), with its
// startup error texts. Blocking; meant for daemon start-up only.
#pragma once

#include <sys/types.h>

#include <string>

namespace xmlrpc {

// The usage error supervisord prints when a socket is in use by someone else.
inline constexpr const char* kAddressInUseMessage =
    "Another program is already listening on a port that one of our HTTP servers is configured to "
    "use.  Shut this program down first before starting supervisord.";

struct BindResult {
  int fd = -1;        // a listening socket (close-on-exec), or -1
  std::string error;  // when fd == -1: the message supervisord would print after "Error: "
};

// Binds at "<path>.<pid>", chmods it, hard-links it to `path`. If `path` exists and answers a
// probe request another daemon owns it (kAddressInUseMessage); otherwise it is stale: report
// "Unlinking stale socket <path>" on stderr, remove it, wait 0.3 s, retry. Then chowns `path`
// (uid/gid -1 = unchanged) and removes the temporary name in every case.
BindResult bind_unix_listener(const std::string& path, mode_t mode, uid_t uid, gid_t gid, int backlog);

// "Cannot open an HTTP server: socket.error reported errno.EACCES (13)" as Python words it.
std::string socket_error_message(int err);

}  // namespace xmlrpc
