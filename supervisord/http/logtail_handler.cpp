#include "supervisord/http/logtail_handler.h"

#include <sys/stat.h>

#include <string_view>

#include "supervisord/http/logtail_stream.h"
#include "supervisord/core/process_group.h"
#include "supervisord/rpc/rpc_namespec.h"
#include "supervisord/core/supervisor.h"

namespace sup {
namespace {

std::optional<struct stat> stat_path(const std::string& path) {
  struct stat st {};
  if (path.empty() || ::stat(path.c_str(), &st) != 0) return std::nullopt;
  return st;
}

void stream_file(Supervisor& supervisor, const std::shared_ptr<xmlrpc::HttpExchange>& exchange,
                 const std::string& path, bool accel_header) {
  auto st = stat_path(path);
  // A log on /dev/stdout, a FIFO or a tty cannot be tailed (opening a FIFO would block).
  if (!st || !S_ISREG(st->st_mode)) {
    exchange->reply_error(404);
    return;
  }
  xmlrpc::HttpHeaders headers{{"Last-Modified", xmlrpc::http_date(st->st_mtime)},
                              {"Content-Type", "text/plain;charset=utf-8"}};
  // Tells a reverse proxy (nginx) not to buffer the stream.
  if (accel_header) headers.push_back({"X-Accel-Buffering", "no"});
  LogTailStream::start(supervisor.io(), exchange, path, std::move(headers));
}

}  // namespace

LogtailTarget resolve_logtail_target(const Supervisor& supervisor, const std::string& request_path) {
  std::string_view path = request_path;
  while (!path.empty() && path.front() == '/') path.remove_prefix(1);
  // "logtail/<name>[/<channel>]"; Supervisor raises (500) when there is no '/' at all.
  auto slash = path.find('/');
  if (slash == std::string_view::npos) return {500, {}};
  std::string_view rest = path.substr(slash + 1);
  std::string_view name = rest;
  std::string_view channel = "stdout";
  if (auto second = rest.find('/'); second != std::string_view::npos) {
    name = rest.substr(0, second);
    channel = rest.substr(second + 1);
  }
  NamespecParts parts = split_namespec(name);
  const ProcessGroup* group = supervisor.find_group(parts.group);
  if (group == nullptr || !parts.process) return {404, {}};
  const Process* process = group->find(*parts.process);
  if (process == nullptr) return {404, {}};
  Channel which;
  if (channel == "stdout") {
    which = Channel::kStdout;
  } else if (channel == "stderr") {
    which = Channel::kStderr;
  } else {
    return {404, {}};
  }
  const std::string& logfile = process->logfile(which);
  if (!stat_path(logfile)) return {404, {}};
  return {200, logfile};
}

void serve_logtail(Supervisor& supervisor, const std::shared_ptr<xmlrpc::HttpExchange>& exchange) {
  LogtailTarget target = resolve_logtail_target(supervisor, exchange->request().path);
  if (target.status != 200) {
    exchange->reply_error(target.status);
    return;
  }
  stream_file(supervisor, exchange, target.path, /*accel_header=*/true);
}

void serve_mainlogtail(Supervisor& supervisor, const std::shared_ptr<xmlrpc::HttpExchange>& exchange) {
  stream_file(supervisor, exchange, supervisor.log().path(), /*accel_header=*/false);
}

}  // namespace sup
