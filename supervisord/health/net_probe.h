// tcp:// and http:// probes on the daemon's event loop: an asynchronous connect (and for
// http a GET with a Host header, read as far as the status line and headers). tcp passes
// once the connection is made; http passes on a 2xx or 3xx status. Host names are resolved
// asynchronously; addresses are used as written.
//
// Lifetime: `io` must outlive the returned handle. No deadline of its own (see probe.h).
#pragma once

#include <memory>

#include <boost/asio/io_context.hpp>

#include "supervisord/health/probe.h"
#include "supervisord/health/probe_target.h"

namespace sup {

enum class NetProbeKind { kTcp, kHttp };

std::unique_ptr<Probe> start_net_probe(boost::asio::io_context& io, NetProbeKind kind, ProbeTarget target,
                                       ProbeDone done);

}  // namespace sup
