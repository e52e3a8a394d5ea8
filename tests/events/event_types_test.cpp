#include <catch2/catch.hpp>

#include "supervisord/events/event_types.h"

using namespace sup;

TEST_CASE("event type names round-trip", "[events]") {
  for (int i = 0; i <= static_cast<int>(EventType::kProcessHealthUnhealthy); ++i) {
    auto type = static_cast<EventType>(i);
    auto parsed = event_type_from_name(event_type_name(type));
    REQUIRE(parsed);
    CHECK(*parsed == type);
  }
  CHECK_FALSE(event_type_from_name("process_state"));
  CHECK_FALSE(event_type_from_name("TICK_10"));
  CHECK_FALSE(event_type_from_name(""));
}

TEST_CASE("event type hierarchy", "[events]") {
  CHECK(event_type_is_a(EventType::kProcessStateRunning, EventType::kProcessState));
  CHECK(event_type_is_a(EventType::kProcessStateRunning, EventType::kEvent));
  CHECK(event_type_is_a(EventType::kTick60, EventType::kTick));
  CHECK(event_type_is_a(EventType::kProcessLogStderr, EventType::kProcessLog));
  CHECK(event_type_is_a(EventType::kProcessCommunicationStdout, EventType::kProcessCommunication));
  CHECK(event_type_is_a(EventType::kSupervisorStateChangeStopping, EventType::kSupervisorStateChange));
  CHECK(event_type_is_a(EventType::kProcessGroupAdded, EventType::kProcessGroup));
  CHECK(event_type_is_a(EventType::kRemoteCommunication, EventType::kEvent));
  CHECK_FALSE(event_type_is_a(EventType::kRemoteCommunication, EventType::kProcessState));
  CHECK_FALSE(event_type_is_a(EventType::kProcessLogStdout, EventType::kProcessCommunication));
  CHECK_FALSE(event_type_is_a(EventType::kProcessState, EventType::kProcessStateRunning));
  CHECK_FALSE(event_type_parent(EventType::kEvent));
  CHECK(*event_type_parent(EventType::kTick5) == EventType::kTick);
}

TEST_CASE("PROCESS_HEALTH is a root of its own, outside EVENT", "[events]") {
  CHECK(event_type_is_a(EventType::kProcessHealthHealthy, EventType::kProcessHealth));
  CHECK(event_type_is_a(EventType::kProcessHealthUnhealthy, EventType::kProcessHealth));
  CHECK_FALSE(event_type_is_a(EventType::kProcessHealthUnhealthy, EventType::kEvent));
  CHECK_FALSE(event_type_is_a(EventType::kProcessHealth, EventType::kEvent));
  CHECK_FALSE(event_type_is_a(EventType::kProcessHealthHealthy, EventType::kProcessHealthUnhealthy));
  CHECK_FALSE(event_type_parent(EventType::kProcessHealth));
  CHECK(event_type_name(EventType::kProcessHealthUnhealthy) == "PROCESS_HEALTH_UNHEALTHY");
}
