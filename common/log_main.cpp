#include "common/log_main.h"

#include <syslog.h>
#include <unistd.h>

#include <ctime>

#include <fmt/format.h>

namespace sup {

std::string_view log_level_code(LogLevel level) {
  switch (level) {
    case LogLevel::kCritical: return "CRIT";
    case LogLevel::kError: return "ERRO";
    case LogLevel::kWarn: return "WARN";
    case LogLevel::kInfo: return "INFO";
    case LogLevel::kDebug: return "DEBG";
    case LogLevel::kTrace: return "TRAC";
    case LogLevel::kBlather: return "BLAT";
  }
  return "INFO";
}

std::string format_log_time(std::chrono::system_clock::time_point when) {
  using namespace std::chrono;
  auto ms = duration_cast<milliseconds>(when.time_since_epoch()).count();
  std::time_t secs = static_cast<std::time_t>(ms / 1000);
  if (ms < 0 && ms % 1000 != 0) --secs;
  int millis = static_cast<int>(ms - static_cast<long long>(secs) * 1000);
  std::tm tm{};
  localtime_r(&secs, &tm);
  return fmt::format("{:04}-{:02}-{:02} {:02}:{:02}:{:02},{:03}", tm.tm_year + 1900, tm.tm_mon + 1,
                     tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, millis);
}

std::string format_log_record(std::chrono::system_clock::time_point when, LogLevel level,
                              std::string_view message) {
  std::string out = format_log_time(when);
  out += ' ';
  out += log_level_code(level);
  out += ' ';
  out += message;
  out += '\n';
  return out;
}

std::error_code MainLog::open(const Options& options) {
  close();
  options_ = options;
  if (options_.logfile == "syslog") {
    syslog_ = true;
    return {};
  }
  if (options_.logfile.empty()) return {};
  auto file = std::make_unique<RotatingFile>(options_.logfile, options_.maxbytes, options_.backups,
                                             TimeRotation{options_.rotate_every, options_.compress, nullptr});
  if (std::error_code ec = file->open()) return ec;
  file_ = std::move(file);
  return {};
}

void MainLog::close() {
  file_.reset();
  syslog_ = false;
}

void MainLog::reopen() {
  if (file_) file_->reopen();
}

std::error_code MainLog::clear() {
  if (!file_) return {};
  return file_->clear();
}

void MainLog::log(LogLevel level, std::string_view message) {
  if (!enabled(level)) return;
  std::string record = format_log_record(std::chrono::system_clock::now(), level, message);
  if (file_) file_->write(record);
  if (syslog_) syslog_lines(record, true);
  if (options_.to_stdout) write_all(STDOUT_FILENO, record);
}

void syslog_lines(std::string_view text, bool keep_newline) {
  while (!text.empty()) {
    size_t nl = text.find('\n');
    std::string_view line = nl == std::string_view::npos ? text : text.substr(0, nl + 1);
    text.remove_prefix(line.size());
    if (!keep_newline && !line.empty() && line.back() == '\n') line.remove_suffix(1);
    ::syslog(LOG_USER | LOG_INFO, "%.*s", static_cast<int>(line.size()), line.data());
  }
}

}  // namespace sup
