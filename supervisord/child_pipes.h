// The pipes of one running child and the log channels they feed (logging.md §2). Created
// just before fork, destroyed when the child has been reaped. Output is read in bounded
// chunks straight into one shared buffer, so a flooding child cannot starve the others and
// no per-pipe buffer is kept.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <system_error>

#include <boost/asio/posix/stream_descriptor.hpp>

#include "common/log_channel.h"
#include "supervisord/process.h"

namespace sup {

// "'name' stdout output:\n<data>" as Supervisor echoes output at debug level.
std::string format_output_echo(const std::string& name, Channel channel, std::string_view data);

class ChildPipes final {
 public:
  // Creates the pipes and opens the log files. On failure returns the errno (EMFILE, EACCES).
  static std::unique_ptr<ChildPipes> create(Process& process, int* error);
  ~ChildPipes();
  ChildPipes(const ChildPipes&) = delete;
  ChildPipes& operator=(const ChildPipes&) = delete;

  // Child ends for dup2 in the child.
  int child_stdin() const { return child_fds_[0]; }
  int child_stdout() const { return child_fds_[1]; }
  int child_stderr() const { return child_fds_[2]; }
  // After fork: close the child ends in the parent and start reading.
  void start();
  // After reaping: read what is left in the pipes (bounded), as Supervisor's drain().
  void drain();

  Process::StdinResult write_stdin(std::string_view data);
  bool clear_logs();
  void reopen_logs();

 private:
  struct Reader;
  explicit ChildPipes(Process& process);
  void close_child_ends();
  void arm(Reader* reader);
  void flush_stdin();

  Process& process_;
  int child_fds_[3] = {-1, -1, -1};
  std::unique_ptr<Reader> stdout_;
  std::unique_ptr<Reader> stderr_;
  int stdin_fd_ = -1;  // the daemon's end of the child's stdin
  std::unique_ptr<boost::asio::posix::stream_descriptor> stdin_watch_;  // made on the first EAGAIN
  std::string stdin_pending_;
  bool stdin_closed_ = false;
  bool stdin_waiting_ = false;
  std::shared_ptr<bool> alive_ = std::make_shared<bool>(true);
};

}  // namespace sup
