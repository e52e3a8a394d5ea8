// What happens to one chunk of a child's stdout or stderr (logging.md §2): strip_ansi, the
// capture-mode tokenizer, the log file with rotation and syslog. The daemon supplies the
// sinks that need it (main-log echo, events) as callbacks.
//
// Ours on top (README "Options of our own"), all off by default: a stamp and/or "name | "
// at each line start, time rotation and gzip of the file. With a stamp or prefix the channel
// writes whole lines: a partial line is held until its newline or kHoldTime, whichever comes
// first; the owner asks next_wake() after each call and calls on_wake() then. Everything
// downstream of the file (LOG events, the debug echo, syslog) sees the stamped text.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <system_error>

#include "common/log_clock.h"
#include "common/log_file.h"
#include "common/log_stamp.h"

namespace sup {

// Removes ANSI CSI sequences exactly as Supervisor does (logging.md §2.8).
std::string strip_ansi(std::string_view data);

class ChannelLog final {
 public:
  static constexpr std::chrono::milliseconds kHoldTime{200};
  // A partial line longer than this is written at once: a child that never ends its line
  // must not grow the daemon.
  static constexpr std::size_t kMaxHeld = 64 * 1024;

  struct Options {
    std::string process_name;
    std::string path;  // "" = no log file
    std::int64_t maxbytes = 0;
    int backups = 0;
    std::int64_t capture_maxbytes = 0;  // > 0 enables capture mode
    bool syslog = false;
    bool strip_ansi = false;
    // Ours.
    StampStyle stamp = StampStyle::kNone;
    std::string stamp_pattern;
    bool prefix = false;
    RotateEvery rotate_every = RotateEvery::kNever;
    bool compress = false;
    LogClock* clock = nullptr;  // nullptr: the machine's; must outlive the channel
  };
  struct Hooks {
    // Every chunk written to the normal or the capture sink (main-log echo, LOG events).
    std::function<void(std::string_view data, bool captured)> on_output;
    // Capture mode was left: `data` is the captured text (PROCESS_COMMUNICATION event).
    std::function<void(std::string data)> on_capture;
  };

  ChannelLog(Options options, Hooks hooks);
  // A held partial line still reaches the file (not the hooks).
  ~ChannelLog();
  ChannelLog(const ChannelLog&) = delete;
  ChannelLog& operator=(const ChannelLog&) = delete;

  // Opens the log file (append), once per channel. Failing is a spawn error.
  std::error_code open();
  void close();
  std::error_code reopen();
  // Deletes and re-creates the current file; empties the capture buffer.
  std::error_code clear();
  // Rotates the file now (the rotate command).
  std::error_code rotate();
  // One chunk as read from the pipe.
  void handle(std::string_view chunk);
  // Writes a held partial line now (the child exited; its pipe is drained).
  void flush();

  // When on_wake() has something to do: a held line's deadline or a time rotation.
  std::optional<std::chrono::steady_clock::time_point> next_wake() const;
  void on_wake();

  // False when the file is a pipe, tty or the like, which is never rotated.
  bool seekable() const { return !file_ || file_->seekable(); }
  bool wants_rotation() const { return file_ && file_->wants_rotation(); }

 private:
  void to_sink(std::string_view data);
  void write_normal(std::string_view data);
  void write_lines(std::string_view data);
  void emit(std::string_view data);
  void toggle_mode();
  LogClock& clock() const { return options_.clock ? *options_.clock : system_log_clock(); }

  Options options_;
  Hooks hooks_;
  std::unique_ptr<RotatingFile> file_;
  bool capturing_ = false;
  std::string pending_;  // capture mode: bytes that may start a token
  std::string captured_;
  // Line mode (stamp or prefix): made only when asked for (issue 8: memory per program).
  struct Lines {
    explicit Lines(LineStamp s) : stamp(std::move(s)) {}
    LineStamp stamp;
    bool at_line_start = true;
    std::string held;  // a partial line, stamped, not yet written
    std::chrono::steady_clock::time_point held_since{};
    std::string out;  // reused output buffer
  };
  std::unique_ptr<Lines> lines_;
};

}  // namespace sup
