#include "supervisord/events/event_bus.h"

#include <algorithm>
#include <chrono>
#include <limits>

#include <boost/asio/post.hpp>

#include "supervisord/events/event_listener_pool.h"
#include "supervisord/events/event_payloads.h"

namespace sup {

namespace {

constexpr std::array<std::int64_t, 3> kTickPeriods = {5, 60, 3600};
constexpr std::array<EventType, 3> kTickTypes = {EventType::kTick5, EventType::kTick60, EventType::kTick3600};
// Wake this long after a period boundary so the wall clock has surely crossed it.
constexpr auto kTickSlack = std::chrono::milliseconds(20);

// Supervisor's GlobalSerial is module state of the daemon process: it keeps counting across
// reloads, so it lives outside the per-incarnation bus.
std::int64_t g_global_serial = -1;

std::int64_t timeslice(std::int64_t period, std::int64_t epoch_seconds) {
  return epoch_seconds - epoch_seconds % period;
}

// The pid a state event reports: the child's, also for the transitions that happen as it
// is reaped (Supervisor clears the pid only after announcing them).
pid_t event_pid(const Process& process, ProcessState from) {
  if (process.pid() != 0) return process.pid();
  bool had_child = from == ProcessState::kStarting || from == ProcessState::kRunning || from == ProcessState::kStopping;
  ProcessState to = process.state();
  bool reaped = to == ProcessState::kRunning || to == ProcessState::kExited || to == ProcessState::kStopped;
  return had_child && reaped ? process.last_pid() : 0;
}

}  // namespace

EventBus::EventBus(Supervisor& supervisor) : supervisor_(supervisor), tick_alarm_(supervisor.os().make_alarm()) {
  supervisor_.add_observer(this);
}

EventBus::~EventBus() {
  *alive_ = false;
  tick_alarm_->cancel();
  supervisor_.remove_observer(this);
}

std::int64_t EventBus::next_global_serial() {
  if (g_global_serial == std::numeric_limits<std::int64_t>::max()) g_global_serial = -1;
  return ++g_global_serial;
}

bool EventBus::subscribed(EventType type) const {
  return std::any_of(pools_.begin(), pools_.end(), [type](const auto& p) { return p->matches(type) > 0; });
}

void EventBus::publish(EventType type, std::string payload) {
  std::shared_ptr<Event> event;
  for (const auto& pool : pools_) {
    int n = pool->matches(type);
    if (n == 0) continue;
    if (!event) event = std::make_shared<Event>(Event{type, std::move(payload), std::nullopt, {}});
    for (int i = 0; i < n; ++i) pool->accept(event);
  }
}

void EventBus::publish_remote_communication(std::string_view type, std::string_view data) {
  publish(EventType::kRemoteCommunication, remote_comm_payload(type, data));
}

void EventBus::schedule_dispatch() {
  if (dispatch_posted_) return;
  dispatch_posted_ = true;
  std::weak_ptr<bool> alive = alive_;
  boost::asio::post(supervisor_.io(), [this, alive] {
    auto token = alive.lock();
    if (!token || !*token) return;
    dispatch_posted_ = false;
    dispatch();
  });
}

void EventBus::dispatch() {
  for (const auto& pool : pools_) pool->dispatch();
}

EventListenerPool* EventBus::pool_of(const Process& process) const {
  if (process.group().config().kind != GroupConfig::Kind::kEventListener) return nullptr;
  for (const auto& pool : pools_) {
    if (pool->owns(process)) return pool.get();
  }
  return nullptr;
}

void EventBus::on_process_state(Process& process, ProcessState from, bool expected) {
  EventType type = process_state_event_type(process.state());
  if (subscribed(type)) {
    ProcessStateFacts facts;
    facts.process = process.name();
    facts.group = process.group().name();
    facts.from = from;
    facts.tries = process.backoff();
    facts.expected = expected;
    facts.pid = event_pid(process, from);
    publish(type, process_state_payload(type, facts));
  }
  if (EventListenerPool* pool = pool_of(process)) pool->on_listener_state(process);
}

// Only verdicts are events: starting (and none, outside RUNNING) is the absence of one.
void EventBus::on_process_health(Process& process, Health from) {
  EventType type;
  switch (process.health()) {
    case Health::kHealthy: type = EventType::kProcessHealthHealthy; break;
    case Health::kUnhealthy: type = EventType::kProcessHealthUnhealthy; break;
    default: return;
  }
  if (!subscribed(type)) return;
  publish(type, process_health_payload(process.name(), process.group().name(), from, process.pid()));
}

void EventBus::on_process_output(Process& process, Channel channel, std::string_view data, bool captured) {
  (void)captured;  // captured chunks raise log events too, as in Supervisor
  if (channel == Channel::kStdout) {
    if (EventListenerPool* pool = pool_of(process)) {
      pool->on_listener_stdout(process, data);
      return;
    }
  }
  const ProcessConfig& config = process.config();
  const ChannelConfig& cc = channel == Channel::kStdout ? config.stdout_channel : config.stderr_channel;
  EventType type = channel == Channel::kStdout ? EventType::kProcessLogStdout : EventType::kProcessLogStderr;
  if (!cc.events_enabled || !subscribed(type)) return;
  publish(type, process_log_payload(process.name(), process.group().name(), process.pid(),
                                    channel == Channel::kStdout ? "stdout" : "stderr", data));
}

void EventBus::on_process_capture(Process& process, Channel channel, const std::string& data) {
  EventType type =
      channel == Channel::kStdout ? EventType::kProcessCommunicationStdout : EventType::kProcessCommunicationStderr;
  if (!subscribed(type)) return;
  publish(type, process_comm_payload(process.name(), process.group().name(), process.pid(), data));
}

void EventBus::on_supervisor_running(bool running) {
  publish(running ? EventType::kSupervisorStateChangeRunning : EventType::kSupervisorStateChangeStopping, "");
}

void EventBus::on_group_added(ProcessGroup& group) {
  if (group.config().kind == GroupConfig::Kind::kEventListener) {
    EventListenerPool::Hooks hooks;
    hooks.next_global_serial = [] { return next_global_serial(); };
    hooks.request_dispatch = [this] { schedule_dispatch(); };
    // Subscribed from creation: the pool sees its own PROCESS_GROUP_ADDED.
    pools_.push_back(std::make_unique<EventListenerPool>(group, supervisor_.log(),
                                                         supervisor_.config().supervisord.identifier,
                                                         std::move(hooks)));
    update_ticks();
  }
  publish(EventType::kProcessGroupAdded, group_payload(group.name()));
}

void EventBus::on_group_removed(const std::string& name) {
  size_t before = pools_.size();
  pools_.erase(std::remove_if(pools_.begin(), pools_.end(), [&name](const auto& p) { return p->name() == name; }),
               pools_.end());
  if (pools_.size() != before) update_ticks();
  publish(EventType::kProcessGroupRemoved, group_payload(name));
}

// TICK_* cost a wake-up every 5 s, so the timer runs only while some pool subscribes.
void EventBus::update_ticks() {
  bool wanted = std::any_of(pools_.begin(), pools_.end(), [](const auto& p) { return p->wants_ticks(); });
  if (wanted == ticking_) return;
  ticking_ = wanted;
  if (!wanted) {
    tick_alarm_->cancel();
    return;
  }
  // The current periods are recorded without an event (Supervisor's first tick()).
  std::int64_t now = supervisor_.os().wall_seconds();
  for (size_t i = 0; i < kTickPeriods.size(); ++i) ticks_[i] = timeslice(kTickPeriods[i], now);
  arm_tick();
}

void EventBus::arm_tick() {
  Os& os = supervisor_.os();
  std::int64_t now =
      std::chrono::duration_cast<std::chrono::milliseconds>(os.wall_now().time_since_epoch()).count();
  std::int64_t period_ms = kTickPeriods[0] * 1000;
  std::int64_t next = (now / period_ms + 1) * period_ms;
  // The alarm never fires after cancel() or the bus's destruction.
  tick_alarm_->set(os.monotonic_now() + std::chrono::milliseconds(next - now) + kTickSlack, [this] {
    if (ticking_) on_tick();
  });
}

void EventBus::on_tick() {
  std::int64_t now = supervisor_.os().wall_seconds();
  for (size_t i = 0; i < kTickPeriods.size(); ++i) {
    std::int64_t slice = timeslice(kTickPeriods[i], now);
    if (slice == ticks_[i]) continue;
    ticks_[i] = slice;
    publish(kTickTypes[i], tick_payload(slice));
  }
  arm_tick();
}

}  // namespace sup
