#include "supervisord/rpc/rpc_log_read.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>

namespace sup {
namespace {

// Only a regular file is opened: a log on /dev/stdout, a FIFO or a tty would block the loop
// or steal bytes from the reader at the other end.
int open_regular(const std::string& path) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0 || (!S_ISREG(st.st_mode) && !S_ISDIR(st.st_mode))) return -1;
  return ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK);
}

// Closes the descriptor whatever path leaves the function.
class ReadOnlyFile final {
 public:
  explicit ReadOnlyFile(const std::string& path) : fd_(open_regular(path)) {}
  ~ReadOnlyFile() {
    if (fd_ >= 0) ::close(fd_);
  }
  ReadOnlyFile(const ReadOnlyFile&) = delete;
  ReadOnlyFile& operator=(const ReadOnlyFile&) = delete;

  bool ok() const { return fd_ >= 0; }
  // -1 on error.
  std::int64_t size() const {
    struct stat st {};
    if (::fstat(fd_, &st) != 0) return -1;
    return static_cast<std::int64_t>(st.st_size);
  }
  // Reads up to `length` bytes at `offset` (< 0 length: to the end); false on error
  // (directories fail here with EISDIR, as Python's read() does).
  bool read(std::int64_t offset, std::int64_t length, std::string& out) const {
    constexpr std::int64_t kChunk = 64 * 1024;
    out.clear();
    for (;;) {
      std::int64_t want = kChunk;
      if (length >= 0) {
        std::int64_t left = length - static_cast<std::int64_t>(out.size());
        if (left <= 0) return true;
        if (left < want) want = left;
      }
      std::size_t old = out.size();
      out.resize(old + static_cast<std::size_t>(want));
      ssize_t got = ::pread(fd_, out.data() + old, static_cast<std::size_t>(want),
                            static_cast<off_t>(offset + static_cast<std::int64_t>(old)));
      if (got < 0 && errno == EINTR) {
        out.resize(old);
        continue;
      }
      if (got < 0) {
        out.clear();
        return false;
      }
      out.resize(old + static_cast<std::size_t>(got));
      if (got == 0) return true;
    }
  }

 private:
  int fd_;
};

}  // namespace

std::variant<std::string, LogReadError> read_log_range(const std::string& path, std::int64_t offset,
                                                       std::int64_t length) {
  ReadOnlyFile file(path);
  if (!file.ok()) return LogReadError::kFailed;
  std::string data;
  if (offset < 0) {
    if (length != 0) return LogReadError::kBadArguments;
    std::int64_t size = file.size();
    if (size < 0) return LogReadError::kFailed;
    // -offset may not be representable; anything beyond the size means the whole file.
    std::int64_t want = offset < -size ? size : -offset;
    if (!file.read(size - want, want, data)) return LogReadError::kFailed;
    return data;
  }
  if (length < 0) return LogReadError::kBadArguments;
  if (!file.read(offset, length == 0 ? -1 : length, data)) return LogReadError::kFailed;
  return data;
}

LogTail tail_log(const std::string& path, std::int64_t offset, std::int64_t length) {
  ReadOnlyFile file(path);
  std::int64_t size = file.ok() ? file.size() : -1;
  if (size < 0) return {std::string(), offset, false};
  // tailFile() step by step; __int128 keeps offset + length exact for any 64-bit input.
  using Wide = __int128;
  LogTail tail;
  tail.offset = size;
  Wide off = offset;
  Wide len = length;
  if (Wide(size) > off + len) {
    tail.overflow = true;
    off = Wide(size) - 1;
  }
  if (off + len > Wide(size)) {
    if (off > Wide(size) - 1) len = 0;
    off = Wide(size) - len;
  }
  if (off < 0) off = 0;
  if (len < 0) len = 0;
  if (len > 0 && !file.read(static_cast<std::int64_t>(off), static_cast<std::int64_t>(len), tail.data)) {
    return {std::string(), offset, false};
  }
  return tail;
}

}  // namespace sup
