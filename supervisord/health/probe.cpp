#include "supervisord/health/probe.h"

#include <variant>

#include <boost/asio/post.hpp>

#include "supervisord/core/supervisor.h"
#include "supervisord/health/exec_probe.h"
#include "supervisord/health/net_probe.h"

namespace sup {

std::unique_ptr<Probe> fail_probe_soon(boost::asio::io_context& io, ProbeDone done, std::string why) {
  auto pending = std::make_shared<ProbeDone>(std::move(done));
  boost::asio::post(io, [weak = std::weak_ptr<ProbeDone>(pending), why = std::move(why)] {
    auto live = weak.lock();
    if (!live || !*live) return;
    ProbeDone finish = std::exchange(*live, nullptr);
    finish(ProbeResult::failed(why));
  });
  return std::make_unique<Probe>([pending] { *pending = nullptr; });
}

std::unique_ptr<Probe> start_probe(Supervisor& supervisor, const Process& process, const HealthCheckConfig& check,
                                   ProbeDone done) {
  if (check.kind == HealthCheckConfig::Kind::kExec) {
    return start_exec_probe(supervisor, process, check.target, std::move(done));
  }
  bool http = check.kind == HealthCheckConfig::Kind::kHttp;
  auto target = http ? parse_http_target(check.target) : parse_tcp_target(check.target);
  if (auto* error = std::get_if<std::string>(&target)) return fail_probe_soon(supervisor.io(), std::move(done), *error);
  return start_net_probe(supervisor.io(), http ? NetProbeKind::kHttp : NetProbeKind::kTcp,
                         std::move(std::get<ProbeTarget>(target)), std::move(done));
}

}  // namespace sup
