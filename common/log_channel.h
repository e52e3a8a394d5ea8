// What happens to one chunk of a child's stdout or stderr (logging.md §2): strip_ansi, the
// capture-mode tokenizer, the log file with rotation and syslog. The daemon supplies the
// sinks that need it (main-log echo, events) as callbacks.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <system_error>

#include "common/log_file.h"

namespace sup {

// Removes ANSI CSI sequences exactly as Supervisor does (logging.md §2.8).
std::string strip_ansi(std::string_view data);

class ChannelLog final {
 public:
  struct Options {
    std::string process_name;
    std::string path;  // "" = no log file
    std::int64_t maxbytes = 0;
    int backups = 0;
    std::int64_t capture_maxbytes = 0;  // > 0 enables capture mode
    bool syslog = false;
    bool strip_ansi = false;
  };
  struct Hooks {
    // Every chunk written to the normal or the capture sink (main-log echo, LOG events).
    std::function<void(std::string_view data, bool captured)> on_output;
    // Capture mode was left: `data` is the captured text (PROCESS_COMMUNICATION event).
    std::function<void(std::string data)> on_capture;
  };

  ChannelLog(Options options, Hooks hooks);
  ChannelLog(const ChannelLog&) = delete;
  ChannelLog& operator=(const ChannelLog&) = delete;

  // Opens the log file (append), once per channel. Failing is a spawn error.
  std::error_code open();
  void close();
  std::error_code reopen();
  // Deletes and re-creates the current file; empties the capture buffer.
  std::error_code clear();
  // One chunk as read from the pipe.
  void handle(std::string_view chunk);


 private:
  void to_sink(std::string_view data);
  void write_normal(std::string_view data);
  void toggle_mode();

  Options options_;
  Hooks hooks_;
  std::unique_ptr<RotatingFile> file_;
  bool capturing_ = false;
  std::string pending_;  // capture mode: bytes that may start a token
  std::string captured_;
};

}  // namespace sup
