// supervisord's main (activity) log: Supervisor's record format and level filter
// (logging.md §1) written to a rotating file, syslog and/or stdout.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <system_error>

#include "common/config.h"
#include "common/log_file.h"

namespace sup {

// The four-letter code of a level as it appears in a record ("INFO", "DEBG", ...).
std::string_view log_level_code(LogLevel level);

// "YYYY-MM-DD hh:mm:ss,mmm" in local time, milliseconds truncated.
std::string format_log_time(std::chrono::system_clock::time_point when);

// One record: "<time> <CODE> <message>\n".
std::string format_log_record(std::chrono::system_clock::time_point when, LogLevel level,
                              std::string_view message);

class MainLog final {
 public:
  struct Options {
    std::string logfile;  // path, "syslog", or "" for no file
    std::int64_t maxbytes = 50 * 1024 * 1024;
    int backups = 10;
    LogLevel level = LogLevel::kInfo;
    bool to_stdout = false;  // nodaemon && !silent
    // Ours: logfile_rotate_every / logfile_compress.
    RotateEvery rotate_every = RotateEvery::kNever;
    bool compress = false;
  };

  MainLog() = default;  // logs nowhere until open()
  MainLog(const MainLog&) = delete;
  MainLog& operator=(const MainLog&) = delete;

  // Opens the file destination. The error names the failing path.
  std::error_code open(const Options& options);
  void close();
  // SIGUSR2: reopen the file by name (stdout and syslog unaffected).
  void reopen();
  // Empties the log file (RPC clearLog).
  std::error_code clear();
  // Time rotation: when the file is due (nullopt: never), and the rotation once it is. A
  // record written after the boundary rotates the file too; the owner's timer covers a
  // daemon that writes nothing.
  std::optional<std::chrono::system_clock::time_point> rotation_due() const {
    return file_ ? file_->rotation_due() : std::nullopt;
  }
  void rotate_if_due() {
    if (file_) file_->rotate_if_due();
  }

  bool enabled(LogLevel level) const { return static_cast<int>(level) >= static_cast<int>(options_.level); }
  LogLevel level() const { return options_.level; }
  // Path of the log file, "" when logging to syslog or nowhere.
  std::string path() const { return file_ ? file_->path() : std::string(); }

  void log(LogLevel level, std::string_view message);
  void critical(std::string_view m) { log(LogLevel::kCritical, m); }
  void error(std::string_view m) { log(LogLevel::kError, m); }
  void warn(std::string_view m) { log(LogLevel::kWarn, m); }
  void info(std::string_view m) { log(LogLevel::kInfo, m); }
  void debug(std::string_view m) { log(LogLevel::kDebug, m); }
  void trace(std::string_view m) { log(LogLevel::kTrace, m); }
  void blather(std::string_view m) { log(LogLevel::kBlather, m); }

 private:
  Options options_;
  std::unique_ptr<RotatingFile> file_;
  bool syslog_ = false;
};

// Sends each line of `text` to syslog as Supervisor does (USER facility, INFO priority,
// ident = program name).
void syslog_lines(std::string_view text, bool keep_newline);

}  // namespace sup
