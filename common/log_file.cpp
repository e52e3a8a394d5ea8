#include "common/log_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <utility>

#include "common/log_compress.h"
#include "common/log_rotation_time.h"

namespace sup {

namespace {

std::error_code last_error() { return {errno, std::generic_category()}; }

bool under_system_dirs(const std::string& path) { return path.rfind("/dev/", 0) == 0 || path.rfind("/proc/", 0) == 0; }

// /dev/stdout, /dev/fd/1, /proc/self/fd/1 and links to them name a stream, not a file: even
// when that stream is a regular file, rotating would rename the link itself (and clear would
// delete it), breaking the machine's /dev/stdout.
bool names_a_stream(const std::string& path) {
  if (under_system_dirs(path)) return true;
  char target[4096];
  ssize_t n = ::readlink(path.c_str(), target, sizeof target - 1);
  if (n <= 0) return false;
  return under_system_dirs(std::string(target, static_cast<size_t>(n)));
}

}  // namespace

std::error_code write_all(int fd, std::string_view data) {
  while (!data.empty()) {
    ssize_t n = ::write(fd, data.data(), data.size());
    if (n < 0) {
      if (errno == EINTR) continue;
      return last_error();
    }
    data.remove_prefix(static_cast<size_t>(n));
  }
  return {};
}

RotatingFile::RotatingFile(std::string path, std::int64_t maxbytes, int backups, TimeRotation time)
    : path_(std::move(path)), maxbytes_(maxbytes), backups_(backups), time_(time) {}

RotatingFile::~RotatingFile() { close(); }

std::chrono::system_clock::time_point RotatingFile::now() const {
  return time_.clock ? time_.clock->wall_now() : std::chrono::system_clock::now();
}

std::error_code RotatingFile::open(mode_t mode) {
  close();
  int fd = ::open(path_.c_str(), O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, mode);
  if (fd < 0) return last_error();
  fd_ = fd;
  off_t end = ::lseek(fd_, 0, SEEK_END);
  seekable_ = end >= 0 && !names_a_stream(path_);
  size_ = seekable_ ? end : 0;
  due_.reset();
  if (seekable_ && size_ > 0 && time_.every != RotateEvery::kNever) {
    // Content left from before (a respawn, a restart): its period is that of its last write.
    struct stat st {};
    if (::fstat(fd_, &st) == 0) {
      auto mtime = std::chrono::system_clock::time_point(std::chrono::seconds(st.st_mtim.tv_sec) +
                                                         std::chrono::nanoseconds(st.st_mtim.tv_nsec));
      due_ = next_rotation_boundary(time_.every, std::chrono::time_point_cast<std::chrono::system_clock::duration>(mtime));
    }
  }
  return {};
}

void RotatingFile::close() {
  if (fd_ >= 0) ::close(fd_);
  fd_ = -1;
}

std::error_code RotatingFile::reopen() { return open(); }

std::error_code RotatingFile::clear() {
  if (fd_ >= 0 && !seekable_) return {};
  close();
  if (::unlink(path_.c_str()) != 0 && errno != ENOENT) {
    std::error_code ec = last_error();
    open();
    return ec;
  }
  return open();
}

std::error_code RotatingFile::write(std::string_view data) {
  if (fd_ < 0) return std::make_error_code(std::errc::bad_file_descriptor);
  if (due_ && now() >= *due_) {
    if (std::error_code ec = rotate_now()) return ec;
  }
  if (std::error_code ec = write_all(fd_, data)) return ec;
  size_ += static_cast<std::int64_t>(data.size());
  if (!due_ && seekable_ && time_.every != RotateEvery::kNever && !data.empty()) {
    due_ = next_rotation_boundary(time_.every, now());
  }
  if (maxbytes_ > 0 && seekable_ && size_ >= maxbytes_) return rotate_now();
  return {};
}

std::error_code RotatingFile::rotate() {
  if (fd_ < 0 || !seekable_ || size_ == 0) return {};
  return rotate_now();
}

std::error_code RotatingFile::rotate_if_due() {
  if (!due_ || now() < *due_) return {};
  return rotate();
}

std::error_code RotatingFile::rotate_now() {
  close();
  if (backups_ > 0 && time_.compress) {
    // The worker shifts the .gz backups and compresses; the loop only renames.
    std::string pending = pending_rotation_name(path_);
    if (::rename(path_.c_str(), pending.c_str()) == 0) queue_compression({pending, path_, backups_});
  } else if (backups_ > 0) {
    // A missing file (removed by someone else) is not an error: rename just fails.
    for (int i = backups_ - 1; i >= 1; --i) {
      std::string from = path_ + "." + std::to_string(i);
      std::string to = path_ + "." + std::to_string(i + 1);
      ::rename(from.c_str(), to.c_str());
    }
    ::rename(path_.c_str(), (path_ + ".1").c_str());
  } else {
    // backups=0: keep only the newest bytes by truncating in place.
    int fd = ::open(path_.c_str(), O_WRONLY | O_TRUNC | O_CLOEXEC);
    if (fd >= 0) ::close(fd);
  }
  return open();
}

}  // namespace sup
