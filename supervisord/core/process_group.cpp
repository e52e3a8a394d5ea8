#include "supervisord/core/process_group.h"

#include <algorithm>


namespace sup {

ProcessGroup::ProcessGroup(ProcessHost& host, std::shared_ptr<const Config> source, const GroupConfig& config)
    : source_(std::move(source)), config_(config) {
  if (config_.kind == GroupConfig::Kind::kFcgi) {
    fcgi_ = std::make_unique<FcgiSocket>(config_, host.log());
    // As Supervisor: open it once now so that a bad socket shows up at start-up.
    auto acquired = fcgi_->acquire();
    if (auto* error = std::get_if<SpawnError>(&acquired)) {
      host.log().error(error->text);
    } else {
      fcgi_->release();
    }
  }
  for (const ProcessConfig& pc : config_.processes) {
    processes_.push_back(std::make_unique<Process>(host, *this, pc));
  }
}

Process* ProcessGroup::find(const std::string& name) const {
  for (const auto& p : processes_) {
    if (p->name() == name) return p.get();
  }
  return nullptr;
}

std::vector<Process*> ProcessGroup::unstopped() const {
  std::vector<Process*> out;
  for (const auto& p : processes_) {
    if (!is_stopped_state(p->state())) out.push_back(p.get());
  }
  return out;
}

void ProcessGroup::stop_all() {
  // Descending priority; among equal priorities the reverse of the group order, as
  // Python's stable sort followed by reverse() gives.
  std::vector<Process*> order;
  for (const auto& p : processes_) order.push_back(p.get());
  std::stable_sort(order.begin(), order.end(),
                   [](const Process* a, const Process* b) { return a->config().priority < b->config().priority; });
  std::reverse(order.begin(), order.end());
  for (Process* p : order) {
    switch (p->state()) {
      case ProcessState::kRunning:
      case ProcessState::kStarting:
        p->stop();
        break;
      case ProcessState::kBackoff:
        p->give_up();
        break;
      default:
        break;
    }
  }
}

}  // namespace sup
