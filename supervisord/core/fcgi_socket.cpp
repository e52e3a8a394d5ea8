#include "supervisord/core/fcgi_socket.h"

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

// The spawnerr of a socket that cannot be created: what Supervisor logs at start-up for it.
SpawnError FcgiSocket::failure(int errnum, const std::string& detail) const {
  return SpawnError{SpawnError::Kind::kSocket, errnum, "Could not create FastCGI socket " + config_.socket + ": " + detail};
}

namespace {

}  // namespace

FcgiSocket::FcgiSocket(const GroupConfig& config, MainLog& log) : config_(config), log_(log) {}

FcgiSocket::~FcgiSocket() {
  if (fd_ >= 0) ::close(fd_);
}

std::variant<int, SpawnError> FcgiSocket::create() const {
  const std::string& url = config_.socket;
  int backlog = config_.socket_backlog.value_or(SOMAXCONN);
  if (url.rfind("unix://", 0) == 0) {
    std::string path = url.substr(7);
    sockaddr_un addr{};
    if (path.size() >= sizeof(addr.sun_path)) {
      return failure(0, "socket path too long: " + path);
    }
    addr.sun_family = AF_UNIX;
    std::memcpy(addr.sun_path, path.c_str(), path.size() + 1);
    int fd = ::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0) return failure(errno, errno_text(errno));
    ::unlink(path.c_str());
    if (::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) != 0 || ::listen(fd, backlog) != 0) {
      int err = errno;
      ::close(fd);
      return failure(err, errno_text(err));
    }
    if (config_.socket_owner) ::chown(path.c_str(), config_.socket_owner->first, config_.socket_owner->second);
    if (config_.socket_mode) ::chmod(path.c_str(), *config_.socket_mode);
    return fd;
  }
  if (url.rfind("tcp://", 0) != 0) {
    return failure(0, "unsupported socket URL " + url);
  }
  std::string hostport = url.substr(6);
  size_t colon = hostport.rfind(':');
  if (colon == std::string::npos) {
    return failure(0, "no port in " + url);
  }
  std::string host = hostport.substr(0, colon);
  std::string port = hostport.substr(colon + 1);
  addrinfo hints{};
  hints.ai_family = AF_INET;
  hints.ai_socktype = SOCK_STREAM;
  hints.ai_flags = AI_PASSIVE;
  addrinfo* found = nullptr;
  if (int rc = ::getaddrinfo(host.empty() ? nullptr : host.c_str(), port.c_str(), &hints, &found); rc != 0) {
    return failure(0, ::gai_strerror(rc));
  }
  int fd = ::socket(found->ai_family, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) {
    int err = errno;
    ::freeaddrinfo(found);
    return failure(err, errno_text(err));
  }
  int one = 1;
  ::setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
  bool ok = ::bind(fd, found->ai_addr, found->ai_addrlen) == 0 && ::listen(fd, backlog) == 0;
  ::freeaddrinfo(found);
  if (!ok) {
    int err = errno;
    ::close(fd);
    return failure(err, errno_text(err));
  }
  return fd;
}

std::variant<int, SpawnError> FcgiSocket::acquire() {
  if (refs_ == 0) {
    log_.info("Creating socket " + config_.socket);
    auto created = create();
    if (std::holds_alternative<SpawnError>(created)) return created;
    fd_ = std::get<int>(created);
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
