// An append-only log file with Supervisor's size-based rotation (logging.md §1.4), shared by
// the main log and the child logs. Writes go straight to the fd (no user-space buffer), so a
// record is on disk when write() returns and rotation or reopen can never lose a byte.
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <string>
#include <string_view>
#include <system_error>

namespace sup {

class RotatingFile final {
 public:
  // maxbytes <= 0 disables rotation; backups == 0 truncates in place when full.
  RotatingFile(std::string path, std::int64_t maxbytes, int backups);
  ~RotatingFile();
  RotatingFile(const RotatingFile&) = delete;
  RotatingFile& operator=(const RotatingFile&) = delete;

  // Opens (creating with 0666 & ~umask, or `mode` when given) in append mode.
  std::error_code open(mode_t mode = 0666);
  void close();
  // Close then open by name: follows a rename done by logrotate (SIGUSR2).
  std::error_code reopen();
  // Deletes the current file (backups are kept) and creates an empty one.
  std::error_code clear();
  // Writes all of `data`, then rotates when the file reached maxbytes.
  std::error_code write(std::string_view data);

  bool is_open() const { return fd_ >= 0; }
  const std::string& path() const { return path_; }
  int fd() const { return fd_; }

 private:
  std::error_code rotate();

  std::string path_;
  std::int64_t maxbytes_;
  int backups_;
  int fd_ = -1;
  std::int64_t size_ = 0;
  bool seekable_ = true;  // pipes and ttys cannot rotate (logging.md §1.4 pitfall)
};

// Writes all of `data` to `fd`, retrying on EINTR and partial writes.
std::error_code write_all(int fd, std::string_view data);

}  // namespace sup
