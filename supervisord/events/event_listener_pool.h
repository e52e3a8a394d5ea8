// One [eventlistener:x] pool (events.md §5, §6): the FIFO of accepted events (capacity
// buffer_size, the oldest dropped on overflow), the pool serial, and one ListenerProtocol
// per listener process. Events go to the first RUNNING + READY listener in process order;
// a FAIL, an unreadable result or a listener dying while BUSY puts the event back at the head.
//
// Created by the EventBus when the listener group is added, destroyed when it is removed
// (the group and its processes may already be gone then: the destructor touches neither).
#pragma once

#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/log_main.h"
#include "supervisord/events/event_listener_protocol.h"
#include "supervisord/events/event_types.h"
#include "supervisord/core/process_group.h"

namespace sup {

struct Event;

class EventListenerPool final {
 public:
  struct Hooks {
    // Supervisor's process-wide event serial.
    std::function<std::int64_t()> next_global_serial;
    // Asks for dispatch() to run soon (a listener became available, an event was queued).
    std::function<void()> request_dispatch;
  };

  EventListenerPool(ProcessGroup& group, MainLog& log, std::string server, Hooks hooks);
  EventListenerPool(const EventListenerPool&) = delete;
  EventListenerPool& operator=(const EventListenerPool&) = delete;

  const std::string& name() const { return name_; }
  // How many of the pool's subscriptions `type` matches: Supervisor delivers an event once
  // per matching subscription, so overlapping ones (PROCESS_STATE and one of its subtypes)
  // queue it twice.
  int matches(EventType type) const;
  bool wants_ticks() const;
  bool owns(const Process& process) const;

  // Queues an event (at the head when it is being re-queued after a rejection).
  void accept(const std::shared_ptr<Event>& event, bool head = false);
  // Writes queued events to available listeners.
  void dispatch();

  // Process state change of one of our listeners (after the state event was published).
  void on_listener_state(Process& process);
  // Bytes the listener wrote to its stdout (the protocol channel).
  void on_listener_stdout(Process& process, std::string_view data);

 private:
  struct Listener {
    Process* process;
    ListenerProtocol protocol;
    // The event written to it and not yet answered.
    std::shared_ptr<Event> in_flight;
  };
  Listener* find(const Process& process);
  std::int64_t next_pool_serial();
  std::int64_t pool_serial_of(const Event& event) const;
  bool send(const std::shared_ptr<Event>& event);
  void reject(Listener& listener);

  std::string name_;
  MainLog& log_;
  std::string server_;
  Hooks hooks_;
  std::size_t buffer_size_;
  std::vector<EventType> subscriptions_;
  std::vector<std::unique_ptr<Listener>> listeners_;
  std::deque<std::shared_ptr<Event>> queue_;
  std::int64_t serial_ = -1;
};

}  // namespace sup
