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
#include <variant>

#include <boost/asio/posix/stream_descriptor.hpp>

#include <boost/asio/io_context.hpp>

#include "common/config.h"
#include "common/log_channel.h"
#include "common/log_main.h"
#include "supervisord/child/channel.h"
#include "supervisord/child/os.h"
#include "supervisord/child/spawn_error.h"

namespace sup {

// "'name' stdout output:\n<data>" as Supervisor echoes output at debug level.
std::string format_output_echo(const std::string& name, Channel channel, std::string_view data);

// Where a child's output goes once its log channels have dealt with it. Called on the loop
// thread from inside a read handler; must not destroy the ChildPipes.
class PipeSink {
 public:
  virtual ~PipeSink() = default;
  // A chunk that went to a channel's normal (or, when `captured`, capture) sink.
  virtual void on_output(Channel channel, std::string_view data, bool captured) = 0;
  // Capture mode was left with `data` (PROCESS_COMMUNICATION_*).
  virtual void on_capture(Channel channel, std::string data) = 0;
};

// What a process' log channels have done across its spawns (kept by the Process): the bytes
// its child wrote to each stream (supervisord_process_log_bytes_total) and whether the
// "cannot seek" notice was logged.
struct LogStats {
  std::uint64_t bytes[2] = {0, 0};  // by Channel
  bool unseekable_noted[2] = {false, false};
};

// What the pipes of one spawn are made from. Referenced, not copied: everything must outlive
// the ChildPipes.
struct PipeSetup {
  const ProcessConfig& config;    // name, redirect_stderr, the channels' log options
  const std::string& stdout_path;  // resolved log paths, "" for none
  const std::string& stderr_path;
  bool stdout_is_protocol = false;  // an event listener's stdout: never captured (events.md §7)
  bool strip_ansi = false;
  Os* os = nullptr;          // clocks and alarms for stamps and time rotation; nullptr: none
  LogStats* stats = nullptr;  // updated while the pipes live
};

class ChildPipes final {
 public:
  // Creates the pipes and opens the log files; errors are kDescriptors or kDispatchers.
  // `io`, `log` and `sink` must outlive the result.
  static std::variant<std::unique_ptr<ChildPipes>, SpawnError> create(boost::asio::io_context& io, MainLog& log,
                                                                      const PipeSetup& setup, PipeSink& sink);
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

  StdinResult write_stdin(std::string_view data);
  bool clear_logs();
  void reopen_logs();
  // The rotate command; false on an I/O error.
  bool rotate_logs();

  // Rotates the log files of a process that has no child (so no open channel): the same
  // rules as a live rotation. False on an I/O error.
  static bool rotate_closed_logs(const ProcessConfig& config, const std::string& stdout_path,
                                 const std::string& stderr_path);

 private:
  struct Reader;
  class Clock;  // LogClock over the Os
  ChildPipes(boost::asio::io_context& io, MainLog& log, const std::string& name);
  void close_child_ends();
  void arm(Reader* reader);
  void flush_stdin();
  void after_output(Reader* reader, std::size_t bytes);
  // Sets the alarm for the channels' next wake-up, or cancels it.
  void rearm();

  boost::asio::io_context& io_;
  MainLog& log_;
  const std::string& name_;  // the process name, in the ProcessConfig
  int child_fds_[3] = {-1, -1, -1};
  // Only when an option needs time; declared before the readers, whose channels use it.
  std::unique_ptr<Clock> clock_;
  std::unique_ptr<Reader> stdout_;
  std::unique_ptr<Reader> stderr_;
  int stdin_fd_ = -1;  // the daemon's end of the child's stdin
  std::unique_ptr<boost::asio::posix::stream_descriptor> stdin_watch_;  // made on the first EAGAIN
  std::string stdin_pending_;
  bool stdin_closed_ = false;
  bool stdin_waiting_ = false;
  LogStats* stats_ = nullptr;
  Os* os_ = nullptr;
  std::unique_ptr<Alarm> alarm_;  // made on the first need
  std::shared_ptr<bool> alive_ = std::make_shared<bool>(true);
};

}  // namespace sup
