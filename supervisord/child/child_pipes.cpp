#include "supervisord/child/child_pipes.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>

#include <fmt/format.h>

#include "common/pyrepr.h"
#include "common/utf8.h"

namespace sup {

namespace {

// Supervisor reads up to 128 KiB per read event (logging.md §2.1).
constexpr size_t kChunk = 128 * 1024;
// Larger pipes mean fewer wake-ups for a chatty child; failure is harmless.
constexpr int kPipeSize = 1024 * 1024;
// drain() reads at most this many chunks per channel, so a grandchild holding the pipe
// open and writing cannot keep it forever.
constexpr int kDrainChunks = 64;

char* shared_buffer() {
  static char buffer[kChunk];
  return buffer;
}

int make_pipe(int fds[2]) {
  if (::pipe2(fds, O_CLOEXEC) != 0) return errno;
  return 0;
}

SpawnError pipe_error(int err, std::string_view program) {
  return spawn_error_from_errno(err == EMFILE ? SpawnError::Kind::kDescriptors : SpawnError::Kind::kDispatchers, err,
                                program);
}

}  // namespace

class ChildPipes::Clock final : public LogClock {
 public:
  explicit Clock(Os& os) : os_(os) {}
  std::chrono::system_clock::time_point wall_now() override { return os_.wall_now(); }
  std::chrono::steady_clock::time_point monotonic_now() override { return os_.monotonic_now(); }

 private:
  Os& os_;
};

namespace {

bool uses_time(const ChannelConfig& cc) {
  return cc.stamp != StampStyle::kNone || cc.prefix || cc.rotate_every != RotateEvery::kNever;
}

}  // namespace

struct ChildPipes::Reader {
  Reader(boost::asio::io_context& io, int fd, std::unique_ptr<ChannelLog> log, Channel which)
      : descriptor(io, fd), channel(std::move(log)), which(which) {}
  boost::asio::posix::stream_descriptor descriptor;
  std::unique_ptr<ChannelLog> channel;
  Channel which;
  bool open = true;
};

ChildPipes::ChildPipes(boost::asio::io_context& io, MainLog& log, const std::string& name)
    : io_(io), log_(log), name_(name) {}

ChildPipes::~ChildPipes() {
  *alive_ = false;
  close_child_ends();
  if (!stdin_watch_ && stdin_fd_ >= 0) ::close(stdin_fd_);  // else the descriptor closes it
}

void ChildPipes::close_child_ends() {
  for (int& fd : child_fds_) {
    if (fd >= 0) ::close(fd);
    fd = -1;
  }
}

std::variant<std::unique_ptr<ChildPipes>, SpawnError> ChildPipes::create(boost::asio::io_context& io, MainLog& log,
                                                                         const PipeSetup& setup, PipeSink& sink) {
  const ProcessConfig& config = setup.config;
  std::unique_ptr<ChildPipes> pipes(new ChildPipes(io, log, config.name));
  int in[2], out[2], err[2] = {-1, -1};
  if (int e = make_pipe(in)) return pipe_error(e, config.name);
  if (int e = make_pipe(out)) {
    ::close(in[0]), ::close(in[1]);
    return pipe_error(e, config.name);
  }
  if (!config.redirect_stderr) {
    if (int e = make_pipe(err)) {
      ::close(in[0]), ::close(in[1]), ::close(out[0]), ::close(out[1]);
      return pipe_error(e, config.name);
    }
  }
  pipes->child_fds_[0] = in[0];
  pipes->child_fds_[1] = out[1];
  // With redirect_stderr the child's fd 2 is the stdout pipe too; a dup keeps ownership simple.
  pipes->child_fds_[2] = config.redirect_stderr ? ::fcntl(out[1], F_DUPFD_CLOEXEC, 3) : err[1];
  ::fcntl(out[0], F_SETPIPE_SZ, kPipeSize);
  if (err[0] >= 0) ::fcntl(err[0], F_SETPIPE_SZ, kPipeSize);
  for (int fd : {in[1], out[0], err[0]}) {
    if (fd >= 0) ::fcntl(fd, F_SETFL, ::fcntl(fd, F_GETFL) | O_NONBLOCK);
  }
  pipes->stdin_fd_ = in[1];
  pipes->stats_ = setup.stats;
  pipes->os_ = setup.os;
  bool timed = uses_time(config.stdout_channel) || (!config.redirect_stderr && uses_time(config.stderr_channel));
  if (timed && setup.os) pipes->clock_ = std::make_unique<Clock>(*setup.os);

  auto make_channel = [&](Channel channel, const ChannelConfig& cc) {
    ChannelLog::Options options;
    options.process_name = config.name;
    options.path = channel == Channel::kStdout ? setup.stdout_path : setup.stderr_path;
    options.maxbytes = cc.logfile_maxbytes;
    options.backups = cc.logfile_backups;
    bool protocol = channel == Channel::kStdout && setup.stdout_is_protocol;
    options.capture_maxbytes = protocol ? 0 : cc.capture_maxbytes;
    options.syslog = cc.syslog;
    options.strip_ansi = setup.strip_ansi;
    options.stamp = cc.stamp;
    options.stamp_pattern = cc.stamp_pattern;
    options.prefix = cc.prefix;
    options.rotate_every = cc.rotate_every;
    options.compress = cc.compress;
    options.clock = pipes->clock_.get();
    ChannelLog::Hooks hooks;
    PipeSink* to = &sink;
    hooks.on_output = [to, channel](std::string_view data, bool captured) { to->on_output(channel, data, captured); };
    hooks.on_capture = [to, channel](std::string data) { to->on_capture(channel, std::move(data)); };
    return std::make_unique<ChannelLog>(std::move(options), std::move(hooks));
  };
  auto out_log = make_channel(Channel::kStdout, config.stdout_channel);
  std::unique_ptr<ChannelLog> err_log;
  if (!config.redirect_stderr) err_log = make_channel(Channel::kStderr, config.stderr_channel);
  pipes->stdout_ = std::make_unique<Reader>(io, out[0], std::move(out_log), Channel::kStdout);
  if (err_log) pipes->stderr_ = std::make_unique<Reader>(io, err[0], std::move(err_log), Channel::kStderr);
  for (Reader* reader : {pipes->stdout_.get(), pipes->stderr_.get()}) {
    if (!reader) continue;
    if (std::error_code ec = reader->channel->open()) return pipe_error(ec.value(), config.name);
    // Supervisor fails on such a target ("Illegal seek"); we write it without rotation and
    // say so once per process and channel.
    int index = static_cast<int>(reader->which);
    if (!reader->channel->seekable() && reader->channel->wants_rotation() &&
        !(setup.stats && setup.stats->unseekable_noted[index])) {
      if (setup.stats) setup.stats->unseekable_noted[index] = true;
      log.info(fmt::format("{} {} log {} cannot seek: written without rotation", config.name,
                           reader->which == Channel::kStdout ? "stdout" : "stderr",
                           reader->which == Channel::kStdout ? setup.stdout_path : setup.stderr_path));
    }
  }
  return pipes;
}

void ChildPipes::start() {
  close_child_ends();
  if (stdout_) arm(stdout_.get());
  if (stderr_) arm(stderr_.get());
}

// Waits for readability, then reads one chunk: one chunk per wake-up keeps the loop fair.
void ChildPipes::arm(Reader* reader) {
  std::weak_ptr<bool> alive = alive_;
  reader->descriptor.async_wait(
      boost::asio::posix::stream_descriptor::wait_read,
      [this, reader, alive](const boost::system::error_code& ec) {
        auto token = alive.lock();
        if (!token || !*token || ec || !reader->open) return;
        ssize_t n = ::read(reader->descriptor.native_handle(), shared_buffer(), kChunk);
        if (n > 0) {
          reader->channel->handle(std::string_view(shared_buffer(), static_cast<size_t>(n)));
          if (!*token) return;
          after_output(reader, static_cast<std::size_t>(n));
        } else if (n == 0 || (errno != EAGAIN && errno != EINTR)) {
          reader->open = false;
          reader->channel->flush();
          int fd = reader->descriptor.native_handle();
          reader->descriptor.close();
          log_.debug(fmt::format("fd {} closed, stopped monitoring {} {}", fd, name_,
                                                  reader == stdout_.get() ? "stdout" : "stderr"));
          return;
        }
        // Output handlers run observers, which must not destroy us, but stay defensive.
        if (!*token) return;
        arm(reader);
      });
}

void ChildPipes::drain() {
  for (Reader* reader : {stdout_.get(), stderr_.get()}) {
    if (!reader || !reader->open) continue;
    for (int i = 0; i < kDrainChunks; ++i) {
      ssize_t n = ::read(reader->descriptor.native_handle(), shared_buffer(), kChunk);
      if (n <= 0) break;
      reader->channel->handle(std::string_view(shared_buffer(), static_cast<size_t>(n)));
      after_output(reader, static_cast<std::size_t>(n));
    }
    // The child is gone: a held partial line will not be completed.
    reader->channel->flush();
  }
  rearm();
}

void ChildPipes::after_output(Reader* reader, std::size_t bytes) {
  if (stats_) stats_->bytes[static_cast<int>(reader->which)] += bytes;
  if (clock_) rearm();
}

void ChildPipes::rearm() {
  if (!clock_ || !os_) return;
  std::optional<MonotonicTime> wake;
  for (Reader* reader : {stdout_.get(), stderr_.get()}) {
    if (!reader) continue;
    auto at = reader->channel->next_wake();
    if (at && (!wake || *at < *wake)) wake = at;
  }
  if (!wake) {
    if (alarm_) alarm_->cancel();
    return;
  }
  if (!alarm_) alarm_ = os_->make_alarm();
  std::weak_ptr<bool> alive = alive_;
  alarm_->set(*wake, [this, alive] {
    auto token = alive.lock();
    if (!token || !*token) return;
    for (Reader* reader : {stdout_.get(), stderr_.get()}) {
      if (reader) reader->channel->on_wake();
    }
    rearm();
  });
}

bool ChildPipes::rotate_logs() {
  bool ok = true;
  for (Reader* reader : {stdout_.get(), stderr_.get()}) {
    if (reader && reader->channel->rotate()) ok = false;
  }
  rearm();
  return ok;
}

bool ChildPipes::rotate_closed_logs(const ProcessConfig& config, const std::string& stdout_path,
                                    const std::string& stderr_path) {
  bool ok = true;
  auto rotate = [&ok](const ChannelConfig& cc, const std::string& path) {
    struct stat st {};
    // Only an existing regular file: opening would create one, or block on a FIFO.
    if (path.empty() || ::stat(path.c_str(), &st) != 0 || !S_ISREG(st.st_mode)) return;
    RotatingFile file(path, cc.logfile_maxbytes, cc.logfile_backups, TimeRotation{cc.rotate_every, cc.compress, nullptr});
    if (file.open() || file.rotate()) ok = false;
  };
  rotate(config.stdout_channel, stdout_path);
  if (!config.redirect_stderr) rotate(config.stderr_channel, stderr_path);
  return ok;
}

StdinResult ChildPipes::write_stdin(std::string_view data) {
  if (stdin_closed_) return StdinResult::kClosed;
  stdin_pending_.append(data);
  flush_stdin();
  return stdin_closed_ ? StdinResult::kClosed : StdinResult::kOk;
}

void ChildPipes::flush_stdin() {
  while (!stdin_pending_.empty()) {
    ssize_t n = ::write(stdin_fd_, stdin_pending_.data(), stdin_pending_.size());
    if (n > 0) {
      stdin_pending_.erase(0, static_cast<size_t>(n));
      continue;
    }
    if (n < 0 && errno == EINTR) continue;
    if (n < 0 && errno == EAGAIN) {
      if (stdin_waiting_) return;
      stdin_waiting_ = true;
      // Registered with the event loop only now: most children never get input, and a
      // registration costs ~170 bytes per pipe (issue 8: memory per program).
      if (!stdin_watch_) {
        stdin_watch_ = std::make_unique<boost::asio::posix::stream_descriptor>(io_, stdin_fd_);
      }
      std::weak_ptr<bool> alive = alive_;
      stdin_watch_->async_wait(boost::asio::posix::stream_descriptor::wait_write,
                         [this, alive](const boost::system::error_code& ec) {
                           auto token = alive.lock();
                           if (!token || !*token || ec) return;
                           stdin_waiting_ = false;
                           flush_stdin();
                         });
      return;
    }
    // EPIPE: the child closed its stdin.
    stdin_closed_ = true;
    stdin_pending_.clear();
    return;
  }
}

bool ChildPipes::clear_logs() {
  bool ok = true;
  for (Reader* reader : {stdout_.get(), stderr_.get()}) {
    if (reader && reader->channel->clear()) ok = false;
  }
  return ok;
}

void ChildPipes::reopen_logs() {
  for (Reader* reader : {stdout_.get(), stderr_.get()}) {
    if (reader) reader->channel->reopen();
  }
}

// Main-log echo at debug level (logging.md §2.7), used by Process::output.
std::string format_output_echo(const std::string& name, Channel channel, std::string_view data) {
  std::string text = py_repr(name);
  text += channel == Channel::kStdout ? " stdout output:\n" : " stderr output:\n";
  if (is_valid_utf8(data)) {
    text += data;
  } else {
    text += "Undecodable: ";
    text += py_bytes_repr(data);
  }
  return text;
}

}  // namespace sup
