// The actions of the status page (web-ui.md §3.2) and their messages, run through the same
// supervisor.* methods XML-RPC clients call. Group actions are our addition.
#pragma once

#include <ctime>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "web-ui/rpc_port.h"

namespace sup::webui {

enum class ActionKind {
  kRefresh,
  kStopAll,
  kRestartAll,
  kStart,
  kStop,
  kRestart,
  kClearLog,
  kStartGroup,
  kStopGroup,
  kRestartGroup,
};

enum class ActionTarget { kNone, kProcess, kGroup };

// "refresh", "stopall", ..., "startgroup"; nullopt for anything else.
std::optional<ActionKind> parse_action(std::string_view name);
std::string_view action_name(ActionKind kind);
// What the action applies to: processname (kProcess) or group (kGroup) parameter.
ActionTarget action_target(ActionKind kind);
// Button text, "Restart All", "Clear Log", "Start Group", ...
std::string_view action_label(ActionKind kind);

struct Action {
  ActionKind kind = ActionKind::kRefresh;
  std::string target;  // namespec or group name as received; empty for kNone
};

// C ctime() without the newline, local time: "Sun Nov 22 11:44:55 2026".
std::string ctime_text(std::time_t t);

// Runs `action` and reports Supervisor's message for it. `done` runs once on the loop, maybe
// before this returns. `now` supplies the time for the "... at <ctime>" messages.
void run_action(const RpcCall& rpc, const Action& action, std::function<void(std::string message)> done,
                std::function<std::time_t()> now = [] { return std::time(nullptr); });

}  // namespace sup::webui
