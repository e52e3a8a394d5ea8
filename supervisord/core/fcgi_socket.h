// The shared listening socket of an [fcgi-program] group (process.md §5.6): reference
// counted, created on the first spawn and closed when the last process has been reaped,
// passed to each child as its fd 0.
#pragma once

#include <string>
#include <variant>

#include "common/config.h"
#include "common/log_main.h"
#include "supervisord/child/spawn_error.h"

namespace sup {

class FcgiSocket final {
 public:
  // `config` and `log` must outlive this object.
  FcgiSocket(const GroupConfig& config, MainLog& log);
  ~FcgiSocket();
  FcgiSocket(const FcgiSocket&) = delete;
  FcgiSocket& operator=(const FcgiSocket&) = delete;

  // Takes a reference, creating, binding and listening on the first one. Returns the fd, or
  // a kSocket error whose text names the socket (nothing is taken then).
  std::variant<int, SpawnError> acquire();
  // Drops a reference; the last one closes the socket.
  void release();

 private:
  std::variant<int, SpawnError> create() const;
  SpawnError failure(int errnum, const std::string& detail) const;

  const GroupConfig& config_;
  MainLog& log_;
  int fd_ = -1;
  int refs_ = 0;
};

}  // namespace sup
