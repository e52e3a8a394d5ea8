#include "supervisord/events/event_listener_pool.h"

#include <limits>

#include <fmt/format.h>

#include "supervisord/events/event_bus.h"
#include "supervisord/events/event_payloads.h"

namespace sup {

EventListenerPool::EventListenerPool(ProcessGroup& group, MainLog& log, std::string server, Hooks hooks)
    : name_(group.name()),
      log_(log),
      server_(std::move(server)),
      hooks_(std::move(hooks)),
      buffer_size_(static_cast<std::size_t>(group.config().buffer_size > 0 ? group.config().buffer_size : 1)) {
  for (const std::string& name : group.config().events) {
    // The config reader has validated the names.
    if (auto type = event_type_from_name(name)) subscriptions_.push_back(*type);
  }
  MainLog* logp = &log_;
  for (const auto& p : group.processes()) {
    auto sink = [logp](LogLevel level, const std::string& message) { logp->log(level, message); };
    listeners_.push_back(std::make_unique<Listener>(Listener{p.get(), ListenerProtocol(p->name(), sink), nullptr}));
  }
}

int EventListenerPool::matches(EventType type) const {
  int n = 0;
  for (EventType s : subscriptions_) {
    if (event_type_is_a(type, s)) ++n;
  }
  return n;
}

bool EventListenerPool::wants_ticks() const {
  // Any of the three: a pool subscribed to TICK_60 alone needs the 5 s wake-ups too.
  for (EventType tick : {EventType::kTick5, EventType::kTick60, EventType::kTick3600}) {
    if (matches(tick) > 0) return true;
  }
  return false;
}

bool EventListenerPool::owns(const Process& process) const {
  for (const auto& l : listeners_) {
    if (l->process == &process) return true;
  }
  return false;
}

EventListenerPool::Listener* EventListenerPool::find(const Process& process) {
  for (const auto& l : listeners_) {
    if (l->process == &process) return l.get();
  }
  return nullptr;
}

std::int64_t EventListenerPool::next_pool_serial() {
  if (serial_ == std::numeric_limits<std::int64_t>::max()) serial_ = -1;
  return ++serial_;
}

std::int64_t EventListenerPool::pool_serial_of(const Event& event) const {
  for (const auto& [pool, serial] : event.pool_serials) {
    if (pool == this) return serial;
  }
  return -1;
}

void EventListenerPool::accept(const std::shared_ptr<Event>& event, bool head) {
  if (!event->serial) event->serial = hooks_.next_global_serial();
  if (pool_serial_of(*event) < 0) {
    event->pool_serials.emplace_back(this, next_pool_serial());
  } else {
    log_.debug(fmt::format("rebuffering event {} for pool {} (buf size={}, max={})", *event->serial, name_,
                           queue_.size(), buffer_size_));
  }
  if (queue_.size() >= buffer_size_) {
    log_.error(fmt::format("pool {} event buffer overflowed, discarding event {}", name_, *queue_.front()->serial));
    queue_.pop_front();
  }
  if (head) {
    queue_.push_front(event);
  } else {
    queue_.push_back(event);
  }
  hooks_.request_dispatch();
}

void EventListenerPool::dispatch() {
  bool capable = false;
  for (const auto& l : listeners_) {
    if (l->process->state() == ProcessState::kRunning && l->protocol.state() == ListenerState::kReady) capable = true;
  }
  if (!capable) return;
  while (!queue_.empty()) {
    std::shared_ptr<Event> event = queue_.front();
    queue_.pop_front();
    if (!send(event)) {
      accept(event, true);
      break;
    }
  }
}

bool EventListenerPool::send(const std::shared_ptr<Event>& event) {
  for (const auto& l : listeners_) {
    Process& process = *l->process;
    if (process.state() != ProcessState::kRunning || l->protocol.state() != ListenerState::kReady) continue;
    std::string envelope =
        event_envelope(server_, *event->serial, name_, pool_serial_of(*event), event->type, event->payload);
    if (process.write_stdin(envelope) != StdinResult::kOk) {
      log_.debug(fmt::format("epipe occurred while sending event {} to listener {}, listener state unchanged",
                             *event->serial, process.name()));
      continue;
    }
    l->protocol.mark_busy();
    l->in_flight = event;
    log_.debug(fmt::format("event {} sent to listener {}", *event->serial, process.name()));
    return true;
  }
  return false;
}

void EventListenerPool::reject(Listener& listener) {
  std::shared_ptr<Event> event = std::move(listener.in_flight);
  listener.in_flight.reset();
  // Deliberate deviation (events.md §6): Supervisor re-queues in every pool holding a
  // process of the same priority; only the rejecting listener's own pool does here.
  if (event) accept(event, true);
}

void EventListenerPool::on_listener_state(Process& process) {
  Listener* l = find(process);
  if (!l) return;
  switch (process.state()) {
    case ProcessState::kStarting:
      l->protocol.reset();
      break;
    case ProcessState::kRunning:
      hooks_.request_dispatch();
      break;
    case ProcessState::kExited:
    case ProcessState::kStopped:
    case ProcessState::kBackoff:
      // Died before answering: the event goes back to the head of the queue.
      reject(*l);
      break;
    default:
      break;
  }
}

void EventListenerPool::on_listener_stdout(Process& process, std::string_view data) {
  Listener* l = find(process);
  if (!l) return;
  ListenerProtocol::FeedResult result = l->protocol.feed(data);
  if (result.verdict == ListenerProtocol::Verdict::kAccepted) l->in_flight.reset();
  if (result.verdict == ListenerProtocol::Verdict::kRejected) reject(*l);
  if (result.ready) hooks_.request_dispatch();
}

}  // namespace sup
