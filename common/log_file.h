// An append-only log file with Supervisor's size-based rotation (logging.md §1.4), shared by
// the main log and the child logs, plus our time-based rotation and gzip of rotated files
// (README "Options of our own"). Writes go straight to the fd (no user-space buffer), so a
// record is on disk when write() returns and rotation or reopen can never lose a byte.
//
// A target that cannot seek (a pipe, a tty), or that names a stream (/dev/stdout, /dev/fd/N,
// /proc/self/fd/N, a link to one), is written as it is and never rotated or cleared;
// seekable() tells the owner so it can say so once.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <system_error>

#include "common/config.h"
#include "common/log_clock.h"

namespace sup {

// Our rotation options. `clock` (wall time only) must outlive the file; nullptr is the
// machine's clock.
struct TimeRotation {
  RotateEvery every = RotateEvery::kNever;
  bool compress = false;
  LogClock* clock = nullptr;
};

class RotatingFile final {
 public:
  // maxbytes <= 0 disables size rotation; backups == 0 truncates in place when full.
  RotatingFile(std::string path, std::int64_t maxbytes, int backups, TimeRotation time = {});
  ~RotatingFile();
  RotatingFile(const RotatingFile&) = delete;
  RotatingFile& operator=(const RotatingFile&) = delete;

  // Opens (creating with 0666 & ~umask, or `mode` when given) in append mode.
  std::error_code open(mode_t mode = 0666);
  void close();
  // Close then open by name: follows a rename done by logrotate (SIGUSR2).
  std::error_code reopen();
  // Deletes the current file (backups are kept) and creates an empty one. A target that
  // cannot seek is left alone.
  std::error_code clear();
  // Rotates first when a time boundary has passed since the file's oldest unrotated bytes,
  // writes all of `data`, then rotates when the file reached maxbytes.
  std::error_code write(std::string_view data);

  // Rotates now (the `rotate` command): as a size rotation would; nothing for an empty file
  // or a target that cannot seek.
  std::error_code rotate();
  // Rotates when a time boundary has passed (the owner's timer).
  std::error_code rotate_if_due();
  // The time boundary at which the current content is to be rotated; nullopt when there is
  // none (no time rotation, empty file, not seekable).
  std::optional<std::chrono::system_clock::time_point> rotation_due() const { return due_; }

  bool is_open() const { return fd_ >= 0; }
  bool seekable() const { return seekable_; }
  // Whether rotation was asked for at all (by size or by time).
  bool wants_rotation() const { return maxbytes_ > 0 || time_.every != RotateEvery::kNever; }
  const std::string& path() const { return path_; }
  int fd() const { return fd_; }

 private:
  std::error_code rotate_now();
  std::chrono::system_clock::time_point now() const;

  std::string path_;
  std::int64_t maxbytes_;
  int backups_;
  TimeRotation time_;
  int fd_ = -1;
  std::int64_t size_ = 0;
  bool seekable_ = true;  // pipes and ttys cannot rotate (logging.md §1.4 pitfall)
  std::optional<std::chrono::system_clock::time_point> due_;
};

// Writes all of `data` to `fd`, retrying on EINTR and partial writes.
std::error_code write_all(int fd, std::string_view data);

}  // namespace sup
