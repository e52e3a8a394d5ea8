// Waiting in tests: a condition is polled until it holds or a deadline passes, never slept
// for. The pause between two probes only spares the CPU; the answer comes from the condition.
#pragma once

#include <chrono>
#include <functional>

namespace sup::test {

using namespace std::chrono_literals;

// Probes `condition` every `interval` until it returns true or `timeout` has passed; probes
// once more at the deadline, so a condition that became true meanwhile is not missed.
// Returns the last answer.
bool wait_until(const std::function<bool()>& condition, std::chrono::milliseconds timeout = 10s,
                std::chrono::milliseconds interval = 10ms);

}  // namespace sup::test
