// Follows a growing log file and streams what is appended to an HTTP response, as
// Supervisor's tail_f_producer does (http-xmlrpc.md §5.1): the last 1024 bytes first, then
// each newly appended region about every 0.1 s; a rotated or re-created file is reopened and
// streamed from its beginning; an in-place truncation is announced with a line.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>

#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>

#include "xmlrpc/http_server.h"

namespace sup {

class LogTailStream final : public std::enable_shared_from_this<LogTailStream> {
 public:
  static constexpr std::int64_t kHeadBytes = 1024;
  static constexpr std::chrono::milliseconds kPollInterval{100};
  // Bytes read from the file per poll at most, so a burst does not stall the loop.
  static constexpr std::int64_t kMaxReadPerPoll = 1024 * 1024;

  // Starts streaming `path` (which must exist) over `exchange`, with `headers` after the
  // status line. The stream keeps itself alive until the connection closes.
  static void start(boost::asio::io_context& io, std::shared_ptr<xmlrpc::HttpExchange> exchange, std::string path,
                    xmlrpc::HttpHeaders headers);

  LogTailStream(boost::asio::io_context& io, std::shared_ptr<xmlrpc::HttpExchange> exchange, std::string path);
  ~LogTailStream();
  LogTailStream(const LogTailStream&) = delete;
  LogTailStream& operator=(const LogTailStream&) = delete;

 private:
  bool open_file();
  void close_file();
  void poll();
  void schedule();
  // Sends [position_, size) in bounded pieces; false when the client is gone.
  bool send_new_bytes(std::int64_t size);

  std::shared_ptr<xmlrpc::HttpExchange> exchange_;
  std::string path_;
  boost::asio::steady_timer timer_;
  int fd_ = -1;
  ino_t inode_ = 0;
  dev_t device_ = 0;
  std::int64_t position_ = 0;  // bytes of the file already sent (or skipped)
};

}  // namespace sup
