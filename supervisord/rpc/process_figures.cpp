#include "supervisord/rpc/process_figures.h"

#include <sys/wait.h>

#include <algorithm>
#include <set>

#include "supervisord/core/process_group.h"
#include "supervisord/core/supervisor.h"

namespace sup {

FigureSampler::FigureSampler(Os& os, std::string proc_root) : os_(os), proc_root_(std::move(proc_root)) {}

ProcessFigures FigureSampler::figures(const Process& process) {
  ProcessFigures f;
  f.process = &process;
  f.pid = process.pid();
  f.restarts = std::max(0, process.spawn_count() - 1);
  if (auto status = process.last_wait_status()) {
    f.exit_code = WIFEXITED(*status) ? WEXITSTATUS(*status) : -1;
    f.exit_signal = WIFSIGNALED(*status) ? WTERMSIG(*status) : 0;
    f.last_exit_time = process.last_exit_time();
  }
  const LogStats& logs = process.log_stats();
  f.stdout_bytes = logs.bytes[static_cast<int>(Channel::kStdout)];
  f.stderr_bytes = logs.bytes[static_cast<int>(Channel::kStderr)];
  if (f.pid == 0) return f;
  f.sample = sample_process(f.pid, proc_root_);
  if (!f.sample) return f;
  double cpu = f.sample->cpu_seconds + f.sample->children_cpu_seconds;
  MonotonicTime now = os_.monotonic_now();
  auto last = last_.find(f.pid);
  if (last != last_.end() && now > last->second.at) {
    double seconds = std::chrono::duration<double>(now - last->second.at).count();
    f.cpu_percent = std::max(0.0, (cpu - last->second.cpu_seconds) / seconds * 100.0);
  } else if (f.sample->start_time_seconds > 0) {
    double alive = std::chrono::duration<double>(os_.wall_now().time_since_epoch()).count() - f.sample->start_time_seconds;
    if (alive > 0) f.cpu_percent = cpu / alive * 100.0;
  }
  last_[f.pid] = Reading{cpu, now};
  return f;
}

std::vector<ProcessFigures> FigureSampler::all(const std::vector<const Process*>& processes) {
  std::vector<ProcessFigures> out;
  out.reserve(processes.size());
  std::set<pid_t> live;
  for (const Process* p : processes) {
    out.push_back(figures(*p));
    if (out.back().pid != 0) live.insert(out.back().pid);
  }
  for (auto it = last_.begin(); it != last_.end();) {
    it = live.count(it->first) ? std::next(it) : last_.erase(it);
  }
  return out;
}

std::vector<const Process*> processes_by_name(const Supervisor& supervisor) {
  std::vector<const Process*> all;
  for (const auto& group : supervisor.groups()) {
    for (const auto& p : group->processes()) all.push_back(p.get());
  }
  std::sort(all.begin(), all.end(), [](const Process* a, const Process* b) {
    int by_group = a->group().name().compare(b->group().name());
    if (by_group != 0) return by_group < 0;
    return a->name() < b->name();
  });
  return all;
}

}  // namespace sup
