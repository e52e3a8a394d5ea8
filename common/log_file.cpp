#include "common/log_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <utility>

namespace sup {

namespace {

std::error_code last_error() { return {errno, std::generic_category()}; }

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

RotatingFile::RotatingFile(std::string path, std::int64_t maxbytes, int backups)
    : path_(std::move(path)), maxbytes_(maxbytes), backups_(backups) {}

RotatingFile::~RotatingFile() { close(); }

std::error_code RotatingFile::open(mode_t mode) {
  close();
  int fd = ::open(path_.c_str(), O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, mode);
  if (fd < 0) return last_error();
  fd_ = fd;
  off_t end = ::lseek(fd_, 0, SEEK_END);
  seekable_ = end >= 0;
  size_ = seekable_ ? end : 0;
  return {};
}

void RotatingFile::close() {
  if (fd_ >= 0) ::close(fd_);
  fd_ = -1;
}

std::error_code RotatingFile::reopen() { return open(); }

std::error_code RotatingFile::clear() {
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
  if (std::error_code ec = write_all(fd_, data)) return ec;
  size_ += static_cast<std::int64_t>(data.size());
  if (maxbytes_ > 0 && seekable_ && size_ >= maxbytes_) return rotate();
  return {};
}

std::error_code RotatingFile::rotate() {
  close();
  if (backups_ > 0) {
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
