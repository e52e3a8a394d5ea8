// GET /metrics: the daemon and its processes in the Prometheus text exposition format 0.0.4
// (ours; README "Options of our own"), on every HTTP server the daemon has and behind the
// same authentication as /RPC2. Figures come from the shared FigureSampler, so /proc is read
// only when someone scrapes.
#pragma once

#include <string>
#include <string_view>

#include "supervisord/core/supervisor.h"
#include "supervisord/rpc/process_figures.h"

namespace sup {

inline constexpr std::string_view kMetricsPath = "/metrics";
inline constexpr std::string_view kMetricsContentType = "text/plain; version=0.0.4; charset=utf-8";

// A label value escaped as the format wants: backslash, double quote and newline.
std::string escape_label_value(std::string_view value);

// The whole exposition; `self` is the daemon's own /proc sample (nullopt: process_* omitted).
std::string render_metrics(const Supervisor& supervisor, FigureSampler& sampler, const std::optional<ProcSample>& self);

}  // namespace sup
