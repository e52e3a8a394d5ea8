// Following a log stream (/logtail/..., /mainlogtail) for `tail -f`, `maintail -f` and `fg`.
// Each stream is copied to stdout by a child process of our own, so that Ctrl-C (or the end
// of `fg`) can stop a blocking HTTP read at once by ending that child; the parent never
// touches the stream's socket.
#pragma once

#include <sys/types.h>

#include <string>

namespace sup::ctl {

struct Settings;

class Follower final {
 public:
  // Forks a child that GETs `path` from settings.serverurl and copies the body to stdout.
  // Errors go to stderr as the reference prints them ("<url> Cannot read, status code 404").
  Follower(const Settings& settings, const std::string& path);
  // Stops the child (SIGTERM) if it is still running and reaps it.
  ~Follower();
  Follower(const Follower&) = delete;
  Follower& operator=(const Follower&) = delete;

  // Blocks until the stream ends or Ctrl-C (needs a SigintCatcher alive). True on Ctrl-C.
  bool wait();

 private:
  pid_t pid_ = -1;
};

}  // namespace sup::ctl
