// Byte-range reads of log files with Supervisor's readFile()/tailFile() rules
// (http-xmlrpc.md §7.11). Offsets and lengths are bytes; the data is returned raw.
#pragma once

#include <cstdint>
#include <string>
#include <variant>

namespace sup {

enum class LogReadError {
  kBadArguments,  // offset/length combination readFile() refuses
  kFailed,        // the file could not be opened or read
};

// readLog / readProcess*Log: negative offset with length 0 = the last -offset bytes;
// offset >= 0 and length 0 = to the end; offset >= 0 and length > 0 = up to length bytes.
std::variant<std::string, LogReadError> read_log_range(const std::string& path, std::int64_t offset,
                                                       std::int64_t length);

struct LogTail {
  std::string data;
  std::int64_t offset = 0;  // the file size, where the next poll starts
  bool overflow = false;    // more than `length` bytes were written past the caller's offset
};

// tailProcess*Log: the last min(length, size) bytes when anything lies beyond `offset`.
// A file that cannot be opened gives {"", offset, false}, as tailFile() does.
LogTail tail_log(const std::string& path, std::int64_t offset, std::int64_t length);

}  // namespace sup
