// The HTTP/XML-RPC servers of one incarnation, as the run loop sees them: opened after the
// groups exist and closed before a reload or exit (process.md §9.1 step 7, §8.2 step 3).
// The daemon room calls them; the http room provides them; main.cpp wires the two, so
// neither includes the other.
#pragma once

#include <functional>
#include <optional>
#include <string>

namespace sup {

class Supervisor;

struct Config;

struct ServerHooks {
  // Returns the error text on failure (supervisord then exits 2 with "Error: <text>").
  std::function<std::optional<std::string>(Supervisor&)> open;
  std::function<void()> close;
  // Before a reload stops anything: whether the servers of `next` could be opened once
  // those of `current` are closed. Returns the error text when they could not.
  std::function<std::optional<std::string>(const Config& current, const Config& next)> check_restart;
};

}  // namespace sup
