#include "supervisord/http/logtail_stream.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>

namespace sup {

void LogTailStream::start(boost::asio::io_context& io, std::shared_ptr<xmlrpc::HttpExchange> exchange,
                          std::string path, xmlrpc::HttpHeaders headers) {
  auto stream = std::make_shared<LogTailStream>(io, exchange, std::move(path));
  if (!stream->open_file()) {
    exchange->reply_error(404);
    return;
  }
  struct stat st {};
  std::int64_t size = ::fstat(stream->fd_, &st) == 0 ? static_cast<std::int64_t>(st.st_size) : 0;
  stream->position_ = std::max<std::int64_t>(0, size - kHeadBytes);
  exchange->begin_stream(200, std::move(headers));
  // The connection's close callback must not own the stream (that would be a cycle): it
  // only stops the timer, whose pending wait is what keeps the stream alive.
  std::weak_ptr<LogTailStream> weak = stream;
  exchange->on_close([weak] {
    if (auto self = weak.lock()) self->timer_.cancel();
  });
  stream->poll();
}

LogTailStream::LogTailStream(boost::asio::io_context& io, std::shared_ptr<xmlrpc::HttpExchange> exchange,
                             std::string path)
    : exchange_(std::move(exchange)), path_(std::move(path)), timer_(io) {}

LogTailStream::~LogTailStream() { close_file(); }

bool LogTailStream::open_file() {
  close_file();
  fd_ = ::open(path_.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd_ < 0) return false;
  struct stat st {};
  if (::fstat(fd_, &st) != 0) {
    close_file();
    return false;
  }
  inode_ = st.st_ino;
  device_ = st.st_dev;
  position_ = 0;
  return true;
}

void LogTailStream::close_file() {
  if (fd_ >= 0) ::close(fd_);
  fd_ = -1;
}

void LogTailStream::poll() {
  if (!exchange_->is_open()) return;
  // Rotation or clearing put a different file at the path: follow the path. While the path
  // is missing (between unlink and re-creation) keep reading the old file.
  struct stat named {};
  if (::stat(path_.c_str(), &named) == 0 && (named.st_ino != inode_ || named.st_dev != device_)) {
    int old_fd = fd_;
    fd_ = -1;
    if (!open_file()) {
      fd_ = old_fd;  // vanished again; retry at the next poll
    } else if (old_fd >= 0) {
      ::close(old_fd);
    }
  }
  struct stat st {};
  if (fd_ >= 0 && ::fstat(fd_, &st) == 0) {
    const auto size = static_cast<std::int64_t>(st.st_size);
    if (size < position_) {
      position_ = 0;
      if (!exchange_->write("==> File truncated <==\n")) return;
    }
    if (size > position_ && !send_new_bytes(size)) return;
  }
  schedule();
}

bool LogTailStream::send_new_bytes(std::int64_t size) {
  std::string buffer;
  const std::int64_t want = std::min(size - position_, kMaxReadPerPoll);
  buffer.resize(static_cast<std::size_t>(want));
  ssize_t got;
  do {
    got = ::pread(fd_, buffer.data(), buffer.size(), static_cast<off_t>(position_));
  } while (got < 0 && errno == EINTR);
  if (got <= 0) return true;  // try again at the next poll
  buffer.resize(static_cast<std::size_t>(got));
  position_ += got;
  return exchange_->write(buffer);
}

void LogTailStream::schedule() {
  timer_.expires_after(kPollInterval);
  timer_.async_wait([self = shared_from_this()](const boost::system::error_code& ec) {
    if (ec) return;  // cancelled: the connection closed
    self->poll();
  });
}

}  // namespace sup
