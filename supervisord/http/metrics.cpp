#include "supervisord/http/metrics.h"

#include <fmt/format.h>

#include "common/config_lifecycle.h"
#include "supervisord/core/process_group.h"

namespace sup {
namespace {

constexpr ProcessState kStates[] = {ProcessState::kStopped, ProcessState::kStarting, ProcessState::kRunning,
                                    ProcessState::kBackoff, ProcessState::kStopping, ProcessState::kExited,
                                    ProcessState::kFatal,   ProcessState::kUnknown};

class Exposition {
 public:
  void family(std::string_view name, std::string_view type, std::string_view help) {
    fmt::format_to(std::back_inserter(out_), "# HELP {} {}\n# TYPE {} {}\n", name, help, name, type);
  }
  // `labels` is already "{...}" or empty.
  void sample(std::string_view name, std::string_view labels, double value) {
    fmt::format_to(std::back_inserter(out_), "{}{} {}\n", name, labels, value);
  }
  std::string take() { return std::move(out_); }

 private:
  std::string out_;
};

std::string process_labels(const Process& p) {
  return fmt::format("name=\"{}\",group=\"{}\"", escape_label_value(p.name()), escape_label_value(p.group().name()));
}

}  // namespace

std::string escape_label_value(std::string_view value) {
  std::string out;
  out.reserve(value.size());
  for (char c : value) {
    if (c == '\\') out += "\\\\";
    else if (c == '"') out += "\\\"";
    else if (c == '\n') out += "\\n";
    else out += c;
  }
  return out;
}

std::string render_metrics(const Supervisor& supervisor, FigureSampler& sampler, const std::optional<ProcSample>& self) {
  std::vector<ProcessFigures> all = sampler.all(processes_by_name(supervisor));
  std::vector<std::string> labels;
  labels.reserve(all.size());
  for (const ProcessFigures& f : all) labels.push_back(process_labels(*f.process));
  auto braced = [](const std::string& l) { return "{" + l + "}"; };
  Exposition x;

  x.family("supervisord_up", "gauge", "Whether supervisord is up (always 1 when it answers).");
  x.sample("supervisord_up", "", 1);

  x.family("supervisord_process_info", "gauge", "One series per supervised process, value 1.");
  for (std::size_t i = 0; i < all.size(); ++i) x.sample("supervisord_process_info", braced(labels[i]), 1);

  x.family("supervisord_process_state", "gauge", "1 for the process' current state, 0 for the others.");
  for (std::size_t i = 0; i < all.size(); ++i) {
    for (ProcessState s : kStates) {
      x.sample("supervisord_process_state", braced(labels[i] + ",state=\"" + std::string(process_state_name(s)) + "\""),
               all[i].process->state() == s ? 1 : 0);
    }
  }

  // Ours (issue 17): only programs with a healthcheck have a series, 1 for the current health.
  bool any_checked = false;
  for (const ProcessFigures& f : all) {
    const ProcessConfig& c = f.process->config();
    any_checked = any_checked || (c.lifecycle && c.lifecycle->healthcheck);
  }
  if (any_checked) {
    x.family("supervisord_process_health", "gauge",
             "1 for the health of a process with a healthcheck (starting, healthy, unhealthy, none).");
    for (std::size_t i = 0; i < all.size(); ++i) {
      const ProcessConfig& c = all[i].process->config();
      if (!c.lifecycle || !c.lifecycle->healthcheck) continue;
      for (Health h : {Health::kStarting, Health::kHealthy, Health::kUnhealthy, Health::kNone}) {
        std::string name = h == Health::kNone ? "none" : std::string(health_name(h));
        x.sample("supervisord_process_health", braced(labels[i] + ",health=\"" + name + "\""),
                 all[i].process->health() == h ? 1 : 0);
      }
    }
  }

  x.family("supervisord_process_up", "gauge", "1 when the process is RUNNING.");
  for (std::size_t i = 0; i < all.size(); ++i) {
    x.sample("supervisord_process_up", braced(labels[i]), all[i].process->state() == ProcessState::kRunning ? 1 : 0);
  }

  x.family("supervisord_process_start_time_seconds", "gauge", "When the process was last started, epoch seconds.");
  for (std::size_t i = 0; i < all.size(); ++i) {
    x.sample("supervisord_process_start_time_seconds", braced(labels[i]),
             static_cast<double>(all[i].process->info().start));
  }

  x.family("supervisord_process_restarts_total", "counter", "Starts after the first since the daemon started.");
  for (std::size_t i = 0; i < all.size(); ++i) x.sample("supervisord_process_restarts_total", braced(labels[i]), all[i].restarts);

  x.family("supervisord_process_exit_status", "gauge", "Exit code of the last exit (-1 after a signal).");
  for (std::size_t i = 0; i < all.size(); ++i) {
    if (all[i].exit_code) x.sample("supervisord_process_exit_status", braced(labels[i]), *all[i].exit_code);
  }

  x.family("supervisord_process_cpu_seconds_total", "counter",
           "User and system CPU time of the running child, its reaped children included.");
  for (std::size_t i = 0; i < all.size(); ++i) {
    if (const auto& s = all[i].sample) {
      x.sample("supervisord_process_cpu_seconds_total", braced(labels[i]), s->cpu_seconds + s->children_cpu_seconds);
    }
  }

  x.family("supervisord_process_resident_memory_bytes", "gauge", "Resident memory of the running child.");
  for (std::size_t i = 0; i < all.size(); ++i) {
    if (const auto& s = all[i].sample) {
      x.sample("supervisord_process_resident_memory_bytes", braced(labels[i]), static_cast<double>(s->rss_bytes));
    }
  }

  x.family("supervisord_process_open_fds", "gauge", "Open file descriptors of the running child.");
  for (std::size_t i = 0; i < all.size(); ++i) {
    if (const auto& s = all[i].sample; s && s->open_fds >= 0) {
      x.sample("supervisord_process_open_fds", braced(labels[i]), s->open_fds);
    }
  }

  x.family("supervisord_process_log_bytes_total", "counter", "Bytes the process wrote to each output stream.");
  for (std::size_t i = 0; i < all.size(); ++i) {
    x.sample("supervisord_process_log_bytes_total", braced(labels[i] + ",stream=\"stdout\""),
             static_cast<double>(all[i].stdout_bytes));
    x.sample("supervisord_process_log_bytes_total", braced(labels[i] + ",stream=\"stderr\""),
             static_cast<double>(all[i].stderr_bytes));
  }

  if (self) {
    x.family("process_cpu_seconds_total", "counter", "Total user and system CPU time spent in seconds.");
    x.sample("process_cpu_seconds_total", "", self->cpu_seconds + self->children_cpu_seconds);
    x.family("process_resident_memory_bytes", "gauge", "Resident memory size in bytes.");
    x.sample("process_resident_memory_bytes", "", static_cast<double>(self->rss_bytes));
    x.family("process_virtual_memory_bytes", "gauge", "Virtual memory size in bytes.");
    x.sample("process_virtual_memory_bytes", "", static_cast<double>(self->vsize_bytes));
    if (self->open_fds >= 0) {
      x.family("process_open_fds", "gauge", "Number of open file descriptors.");
      x.sample("process_open_fds", "", self->open_fds);
    }
    if (self->max_fds >= 0) {
      x.family("process_max_fds", "gauge", "Maximum number of open file descriptors.");
      x.sample("process_max_fds", "", static_cast<double>(self->max_fds));
    }
    if (self->start_time_seconds > 0) {
      x.family("process_start_time_seconds", "gauge", "Start time of the process since unix epoch in seconds.");
      x.sample("process_start_time_seconds", "", self->start_time_seconds);
    }
  }
  return x.take();
}

}  // namespace sup
