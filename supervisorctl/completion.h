// Tab completion candidates, as Python's supervisorctl computes them (Controller.complete):
// action names, then process names ("name", "group:name", "group:*") or group names
// depending on the action. Each candidate ends with a space.
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace sup::ctl {

class Session;

class Completer final {
 public:
  explicit Completer(Session& session) : session_(session) {}

  // `line` is the whole input line, `text` the word being completed.
  std::vector<std::string> candidates(const std::string& line, const std::string& text);

  // Forget the cached process list (after each command, like the reference).
  void reset() { processes_.reset(); }

 private:
  struct Entry {
    std::string group;
    std::string name;
  };
  // One getAllProcessInfo per command however often Tab is pressed; empty on any error.
  const std::vector<Entry>& processes();

  Session& session_;
  std::optional<std::vector<Entry>> processes_;
};

}  // namespace sup::ctl
