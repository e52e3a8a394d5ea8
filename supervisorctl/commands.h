// The command table: every supervisorctl action with its handler and help text, and the
// handlers themselves (one file per family: cmd_status.cpp, cmd_control.cpp, cmd_logs.cpp,
// cmd_config.cpp, cmd_daemon.cpp).
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace sup::ctl {

class Session;

enum class After { kContinue, kExitShell };

// `arg` is the rest of the line after the action word, stripped.
using Handler = After (*)(Session& session, const std::string& arg);

struct Command {
  std::string_view name;
  Handler handler;
  std::string_view help;  // printed as one output() call; empty: no help topic (EOF, help)
};

// Sorted by name.
const std::vector<Command>& command_table();
const Command* find_command(std::string_view name);
// Action names offered by tab completion, in the reference's order.
std::vector<std::string> completion_vocabulary();

// Prints the help of `name` (after an argument error, or for `help <name>`).
void print_help(Session& session, std::string_view name);

After do_status(Session&, const std::string&);
After do_pid(Session&, const std::string&);
After do_start(Session&, const std::string&);
After do_stop(Session&, const std::string&);
After do_restart(Session&, const std::string&);
After do_signal(Session&, const std::string&);
After do_clear(Session&, const std::string&);
After do_tail(Session&, const std::string&);
After do_maintail(Session&, const std::string&);
After do_fg(Session&, const std::string&);
After do_avail(Session&, const std::string&);
After do_reread(Session&, const std::string&);
After do_add(Session&, const std::string&);
After do_remove(Session&, const std::string&);
After do_update(Session&, const std::string&);
After do_shutdown(Session&, const std::string&);
After do_reload(Session&, const std::string&);
After do_version(Session&, const std::string&);
After do_open(Session&, const std::string&);
After do_quit(Session&, const std::string&);
After do_help(Session&, const std::string&);
// Ours (cmd_own.cpp): found by name, but left out of command_table() and completion.
After do_wait(Session&, const std::string&);
After do_rotate(Session&, const std::string&);

}  // namespace sup::ctl
