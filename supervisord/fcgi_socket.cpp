#include "supervisord/fcgi_socket.h"

#include <netdb.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include <fmt/format.h>

namespace sup {

namespace {

std::string errno_text(int err) { return fmt::format("[Errno {}] {}", err, std::strerror(err)); }

}  // namespace

FcgiSocket::FcgiSocket(const GroupConfig& config, MainLog& log) : config_(config), log_(log) {}

FcgiSocket::~FcgiSocket() {
  if (fd_ >= 0) ::close(fd_);
}

int FcgiSocket::create(std::string* error) const {
  const std::string& url = config_.socket;
  int backlog = config_.socket_backlog.value_or(SOMAXCONN);
  if (url.rfind("unix://", 0) == 0) {
    std::string path = url.substr(7);
    sockaddr_un addr{};
    if (path.size() >= sizeof(addr.sun_path)) {
      *error = "socket path too long: " + path;
      return -1;
    }
    addr.sun_family = AF_UNIX;
    std::memcpy(addr.sun_path, path.c_str(), path.size() + 1);
    int fd = ::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0) return *error = errno_text(errno), -1;
    ::unlink(path.c_str());
    if (::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) != 0 || ::listen(fd, backlog) != 0) {
      *error = errno_text(errno);
      ::close(fd);
      return -1;
    }
    if (config_.socket_owner) ::chown(path.c_str(), config_.socket_owner->first, config_.socket_owner->second);
    if (config_.socket_mode) ::chmod(path.c_str(), *config_.socket_mode);
    return fd;
  }
  if (url.rfind("tcp://", 0) != 0) {
    *error = "unsupported socket URL " + url;
    return -1;
  }
  std::string hostport = url.substr(6);
  size_t colon = hostport.rfind(':');
  if (colon == std::string::npos) {
    *error = "no port in " + url;
    return -1;
  }
  std::string host = hostport.substr(0, colon);
  std::string port = hostport.substr(colon + 1);
  addrinfo hints{};
  hints.ai_family = AF_INET;
  hints.ai_socktype = SOCK_STREAM;
  hints.ai_flags = AI_PASSIVE;
  addrinfo* found = nullptr;
  if (int rc = ::getaddrinfo(host.empty() ? nullptr : host.c_str(), port.c_str(), &hints, &found); rc != 0) {
    *error = ::gai_strerror(rc);
    return -1;
  }
  int fd = ::socket(found->ai_family, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) {
    *error = errno_text(errno);
    ::freeaddrinfo(found);
    return -1;
  }
  int one = 1;
  ::setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
  bool ok = ::bind(fd, found->ai_addr, found->ai_addrlen) == 0 && ::listen(fd, backlog) == 0;
  ::freeaddrinfo(found);
  if (!ok) {
    *error = errno_text(errno);
    ::close(fd);
    return -1;
  }
  return fd;
}

int FcgiSocket::acquire(std::string* error) {
  if (refs_ == 0) {
    log_.info("Creating socket " + config_.socket);
    fd_ = create(error);
    if (fd_ < 0) return -1;
  }
  ++refs_;
  return fd_;
}

void FcgiSocket::release() {
  if (refs_ <= 0) return;
  if (--refs_ == 0) {
    log_.info("Closing socket " + config_.socket);
    ::close(fd_);
    fd_ = -1;
  }
}

}  // namespace sup
