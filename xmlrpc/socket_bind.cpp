#include "xmlrpc/socket_bind.h"

#include <poll.h>
#include <pwd.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <thread>

#include "common/errno_name.h"

namespace xmlrpc {
namespace {

constexpr int kMaxStaleRetries = 10;
constexpr int kProbeTimeoutMs = 5000;

bool fill_address(const std::string& path, sockaddr_un& addr) {
  addr = {};
  addr.sun_family = AF_UNIX;
  if (path.size() >= sizeof addr.sun_path) return false;
  std::memcpy(addr.sun_path, path.c_str(), path.size() + 1);
  return true;
}

// Supervisor's checkused(): connect, send a request, read one byte.
bool socket_in_use(const std::string& path) {
  sockaddr_un addr;
  if (!fill_address(path, addr)) return false;
  const int fd = ::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return false;
  bool used = false;
  if (::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0) {
    constexpr std::string_view kProbe = "GET / HTTP/1.0\r\n\r\n";
    if (::send(fd, kProbe.data(), kProbe.size(), MSG_NOSIGNAL) == static_cast<ssize_t>(kProbe.size())) {
      pollfd p{fd, POLLIN, 0};
      char byte;
      used = ::poll(&p, 1, kProbeTimeoutMs) == 1 && ::recv(fd, &byte, 1, 0) == 1;
    }
  }
  ::close(fd);
  return used;
}

std::string user_name(uid_t uid) {
  if (const passwd* pw = ::getpwuid(uid)) return pw->pw_name;
  return std::to_string(uid);
}

}  // namespace

std::string socket_error_message(int err) {
  std::string out = "Cannot open an HTTP server: socket.error reported ";
  if (const char* name = sup::errno_name(err)) return out + "errno." + name + " (" + std::to_string(err) + ")";
  return out + std::to_string(err);
}

BindResult bind_unix_listener(const std::string& path, mode_t mode, uid_t uid, gid_t gid, int backlog) {
  const std::string temp = path + "." + std::to_string(::getpid());
  sockaddr_un addr;
  if (!fill_address(temp, addr)) return {-1, "Cannot open an HTTP server: AF_UNIX path too long: " + path};
  ::unlink(temp.c_str());
  for (int attempt = 0;; ++attempt) {
    const int fd = ::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0) return {-1, socket_error_message(errno)};
    const auto fail = [&](std::string message) {
      ::close(fd);
      ::unlink(temp.c_str());
      return BindResult{-1, std::move(message)};
    };
    if (::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) return fail(socket_error_message(errno));
    if (::chmod(temp.c_str(), mode) != 0) return fail(socket_error_message(errno));
    if (::link(temp.c_str(), path.c_str()) != 0) {
      const int link_errno = errno;
      if (link_errno != EEXIST) return fail(socket_error_message(link_errno));
      if (socket_in_use(path)) return fail(kAddressInUseMessage);
      if (attempt >= kMaxStaleRetries) return fail(socket_error_message(EADDRINUSE));
      std::fprintf(stderr, "Unlinking stale socket %s\n", path.c_str());
      ::unlink(path.c_str());
      ::close(fd);
      ::unlink(temp.c_str());
      std::this_thread::sleep_for(std::chrono::milliseconds(300));
      continue;
    }
    ::unlink(temp.c_str());
    if ((uid != static_cast<uid_t>(-1) || gid != static_cast<gid_t>(-1)) && ::chown(path.c_str(), uid, gid) != 0) {
      const int chown_errno = errno;
      ::unlink(path.c_str());
      ::close(fd);
      if (chown_errno == EPERM) {
        return {-1, "Not permitted to chown " + path + " to uid/gid (" + std::to_string(static_cast<int>(uid)) + ", " +
                        std::to_string(static_cast<int>(gid)) +
                        "); adjust \"sockchown\" value in config file or on command line to values that the "
                        "current user (" + user_name(::geteuid()) + ") can successfully chown"};
      }
      return {-1, socket_error_message(chown_errno)};
    }
    if (::listen(fd, backlog) != 0) {
      const int listen_errno = errno;
      ::unlink(path.c_str());
      ::close(fd);
      return {-1, socket_error_message(listen_errno)};
    }
    return {fd, {}};
  }
}

}  // namespace xmlrpc
