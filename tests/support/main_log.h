// Reading a supervisord main log as ours and Python's write it: one record per line,
// "YYYY-MM-DD hh:mm:ss,mmm LEVL message" (a message may continue on the lines after it).
// Functions of text only; DaemonProcess reads the file.
#pragma once

#include <sys/types.h>

#include <string>
#include <vector>

namespace sup::test {

// The lines that start a record, without the 24-character timestamp ("INFO spawned: ...").
std::vector<std::string> log_messages(const std::vector<std::string>& lines);
// Seconds (with milliseconds) of a line's timestamp, -1 without one; only differences mean
// anything.
double log_time(const std::string& line);
// The lines containing `needle`, in order.
std::vector<std::string> lines_with(const std::vector<std::string>& lines, const std::string& needle);

// A child the daemon reports as spawned ("spawned: 'NAME' with pid N").
struct SpawnedChild {
  std::string name;
  pid_t pid;
};
std::vector<SpawnedChild> spawned_children(const std::string& log_text);

}  // namespace sup::test
