// The event system of one supervisord incarnation (events.md): turns the Supervisor's
// observer notifications into Supervisor's events, hands them to every [eventlistener:x]
// pool that subscribes, and emits TICK_* while some pool wants them. Ticks read the wall
// clock and wait through the Supervisor's Os (an alarm), so a fake machine drives them too.
//
// Lifetime: construct right after the Supervisor and before Supervisor::create_groups() (so
// the startup PROCESS_GROUP_ADDED events are seen), destroy before the Supervisor. One per
// incarnation; a reload builds a new one (pools and their queues are not kept, the global
// serial is). Everything runs on the Supervisor's io_context thread and never blocks: a
// listener only ever has one event written to it at a time.
#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "supervisord/events/event_types.h"
#include "supervisord/core/supervisor.h"

namespace sup {

class EventListenerPool;

// One emitted event, shared by every pool that accepted it. The payload is rendered when the
// event is emitted (values as of that moment).
struct Event {
  EventType type = EventType::kEvent;
  std::string payload;
  // Global serial, assigned by the first pool that accepts the event.
  std::optional<std::int64_t> serial;
  // Pool serial per accepting pool (a pool can accept the same event more than once when
  // its subscriptions overlap, as Supervisor's do).
  std::vector<std::pair<const EventListenerPool*, std::int64_t>> pool_serials;
};

class EventBus final : public SupervisorObserver {
 public:
  explicit EventBus(Supervisor& supervisor);
  ~EventBus() override;
  EventBus(const EventBus&) = delete;
  EventBus& operator=(const EventBus&) = delete;

  // Whether some pool subscribes to `type` (lets callers skip rendering payloads).
  bool subscribed(EventType type) const;
  // Emits an event of a concrete type to every subscribed pool.
  void publish(EventType type, std::string payload);
  // supervisor.sendRemoteCommEvent: REMOTE_COMMUNICATION with "type:<type>\n<data>".
  void publish_remote_communication(std::string_view type, std::string_view data);

  // Supervisor's process-wide serial (survives reloads, wraps like Python's maxint).
  static std::int64_t next_global_serial();
  // Runs the pools' dispatch soon (coalesced, after the current handler).
  void schedule_dispatch();

  void on_process_state(Process& process, ProcessState from, bool expected) override;
  void on_process_output(Process& process, Channel channel, std::string_view data, bool captured) override;
  void on_process_capture(Process& process, Channel channel, const std::string& data) override;
  void on_supervisor_running(bool running) override;
  void on_group_added(ProcessGroup& group) override;
  void on_group_removed(const std::string& name) override;
  void on_process_health(Process& process, Health from) override;
  void on_remote_communication(std::string_view type, std::string_view data) override {
    publish_remote_communication(type, data);
  }

 private:
  EventListenerPool* pool_of(const Process& process) const;
  void dispatch();
  void update_ticks();
  void arm_tick();
  void on_tick();

  Supervisor& supervisor_;
  // In creation order, which is Supervisor's subscription order.
  std::vector<std::unique_ptr<EventListenerPool>> pools_;
  bool dispatch_posted_ = false;
  std::unique_ptr<Alarm> tick_alarm_;
  bool ticking_ = false;
  // Current 5 / 60 / 3600 s time slices (epoch seconds).
  std::array<std::int64_t, 3> ticks_{};
  // Outlives handlers posted to the loop: they check it before touching `this`.
  std::shared_ptr<bool> alive_ = std::make_shared<bool>(true);
};

}  // namespace sup
