#include "supervisorctl/follower.h"

#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>

#include "supervisorctl/command_failure.h"
#include "supervisorctl/py_text.h"
#include "supervisorctl/session.h"
#include "xmlrpc/client.h"
#include "xmlrpc/utf8.h"

namespace sup::ctl {
namespace {

// The text after "Cannot connect, error: " in the reference: "<class 'X'> (message)".
std::string connect_error_text(const xmlrpc::CallError& error) {
  const std::string line = CommandFailure::from_call_error(error).line();
  // line() is "error: <class 'X'>, message: file: ..."; keep the class and the message.
  const auto comma = line.find(">, ");
  const auto file = line.rfind(": file: ");
  if (comma == std::string::npos || file == std::string::npos || file < comma) return line;
  return line.substr(7, comma - 7 + 1) + " (" + line.substr(comma + 3, file - comma - 3) + ")";
}

[[noreturn]] void stream_and_exit(const Settings& settings, const std::string& path,
                                  pid_t parent) {
  ::signal(SIGINT, SIG_DFL);
  ::signal(SIGTERM, SIG_DFL);
  // However the parent ends (even SIGKILL), the stream must not go on writing to its terminal.
  ::prctl(PR_SET_PDEATHSIG, SIGTERM);
  if (::getppid() != parent) ::_exit(0);
  const std::string url = settings.serverurl + path;
  int status = 0;
  {
    xmlrpc::Client client(settings.serverurl, settings.username, settings.password);
    auto error = client.stream_get(path, [](std::string_view chunk) {
      if (xmlrpc::is_valid_utf8(chunk)) {
        std::fwrite(chunk.data(), 1, chunk.size(), stdout);
      } else {
        const std::string text = "Undecodable: " + py_bytes_repr(chunk);
        std::fwrite(text.data(), 1, text.size(), stdout);
      }
      return std::fflush(stdout) == 0;
    });
    if (error) {
      std::fflush(stdout);
      std::string message;
      if (error->kind == xmlrpc::CallError::Kind::kHttpStatus) {
        message = url + " Cannot read, status code " + std::to_string(error->http_status);
      } else {
        message = url + " Cannot connect, error: " + connect_error_text(*error);
      }
      message += '\n';
      std::fwrite(message.data(), 1, message.size(), stderr);
      status = 1;
    }
  }
  std::fflush(stdout);
  std::fflush(stderr);
  ::_exit(status);
}

}  // namespace

Follower::Follower(const Settings& settings, const std::string& path) {
  std::fflush(stdout);  // or the child would print our buffered output a second time
  std::fflush(stderr);
  const pid_t parent = ::getpid();
  pid_ = ::fork();
  if (pid_ == 0) stream_and_exit(settings, path, parent);
  if (pid_ < 0) {
    const std::string message = std::string("fork failed: ") + std::strerror(errno) + "\n";
    std::fwrite(message.data(), 1, message.size(), stderr);
  }
}

Follower::~Follower() {
  if (pid_ <= 0) return;
  ::kill(pid_, SIGTERM);
  while (::waitpid(pid_, nullptr, 0) < 0 && errno == EINTR) {
  }
}

bool Follower::wait() {
  if (pid_ <= 0) return false;
  for (;;) {
    int status = 0;
    const pid_t r = ::waitpid(pid_, &status, 0);
    if (r == pid_) {
      pid_ = -1;
      return g_interrupted != 0;
    }
    if (r < 0 && errno == EINTR) {
      if (g_interrupted != 0) return true;
      continue;
    }
    pid_ = -1;
    return false;
  }
}

}  // namespace sup::ctl
