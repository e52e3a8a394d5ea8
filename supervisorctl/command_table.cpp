// The action names, their handlers and their help texts (spec §3.21-3.22, byte for byte).
#include <algorithm>

#include "supervisorctl/commands.h"
#include "supervisorctl/py_text.h"
#include "supervisorctl/session.h"

namespace sup::ctl {
namespace {

const std::vector<Command> kCommands = {
    {"EOF", do_quit, ""},
    {"add", do_add, "add <name> [...]\tActivates any updates in config for process/group"},
    {"avail", do_avail, "avail\t\t\tDisplay all configured processes"},
    {"clear", do_clear,
     "clear <name>\t\tClear a process' log files.\n"
     "clear <name> <name>\tClear multiple process' log files\n"
     "clear all\t\tClear all process' log files"},
    {"exit", do_quit, "exit\tExit the supervisor shell."},
    {"fg", do_fg,
     "fg <process>\tConnect to a process in foreground mode\n"
     "\t\tCtrl-C to exit"},
    {"help", do_help, ""},
    {"maintail", do_maintail,
     "maintail -f \tContinuous tail of supervisor main log file (Ctrl-C to exit)\n"
     "maintail -100\tlast 100 *bytes* of supervisord main log file\n"
     "maintail\tlast 1600 *bytes* of supervisor main log file\n"},
    {"open", do_open,
     "open <url>\tConnect to a remote supervisord process.\n"
     "\t\t(for UNIX domain socket, use unix:///socket/path)"},
    {"pid", do_pid,
     "pid\t\t\tGet the PID of supervisord.\n"
     "pid <name>\t\tGet the PID of a single child process by name.\n"
     "pid all\t\t\tGet the PID of every child process, one per line."},
    {"quit", do_quit, "quit\tExit the supervisor shell."},
    {"reload", do_reload, "reload \t\tRestart the remote supervisord."},
    {"remove", do_remove, "remove <name> [...]\tRemoves process/group from active config"},
    {"reread", do_reread,
     "reread \t\t\tReload the daemon's configuration files without add/remove"},
    {"restart", do_restart,
     "restart <name>\t\tRestart a process\n"
     "restart <gname>:*\tRestart all processes in a group\n"
     "restart <name> <name>\tRestart multiple processes or groups\n"
     "restart all\t\tRestart all processes\n"
     "Note: restart does not reread config files. For that, see reread and update."},
    {"shutdown", do_shutdown, "shutdown \tShut the remote supervisord down."},
    {"signal", do_signal,
     "signal <signal name> <name>\t\tSignal a process\n"
     "signal <signal name> <gname>:*\t\tSignal all processes in a group\n"
     "signal <signal name> <name> <name>\tSignal multiple processes or groups\n"
     "signal <signal name> all\t\tSignal all processes"},
    {"start", do_start,
     "start <name>\t\tStart a process\n"
     "start <gname>:*\t\tStart all processes in a group\n"
     "start <name> <name>\tStart multiple processes or groups\n"
     "start all\t\tStart all processes"},
    {"status", do_status,
     "status <name>\t\tGet status for a single process\n"
     "status <gname>:*\tGet status for all processes in a group\n"
     "status <name> <name>\tGet status for multiple named processes\n"
     "status\t\t\tGet all process status info"},
    {"stop", do_stop,
     "stop <name>\t\tStop a process\n"
     "stop <gname>:*\t\tStop all processes in a group\n"
     "stop <name> <name>\tStop multiple processes or groups\n"
     "stop all\t\tStop all processes"},
    {"tail", do_tail,
     "tail [-f] <name> [stdout|stderr] (default stdout)\n"
     "Ex:\n"
     "tail -f <name>\t\tContinuous tail of named process stdout\n"
     "\t\t\tCtrl-C to exit.\n"
     "tail -100 <name>\tlast 100 *bytes* of process stdout\n"
     "tail <name> stderr\tlast 1600 *bytes* of process stderr"},
    {"update", do_update,
     "update\t\t\tReload config and add/remove as necessary, and will restart affected "
     "programs\n"
     "update all\t\tReload config and add/remove as necessary, and will restart affected "
     "programs\n"
     "update <gname> [...]\tUpdate specific groups"},
    {"version", do_version, "version\t\t\tShow the version of the remote supervisord process"},
};

// Ours: found by find_command (and `help <name>`), but not listed by `help` nor completed, so
// that both stay Supervisor's.
const std::vector<Command> kOwnCommands = {
    {"rotate", do_rotate,
     "rotate <name>\t\tRotate a process' log files now\n"
     "rotate <gname>:*\tRotate the log files of all processes in a group\n"
     "rotate all\t\tRotate the log files of all processes"},
    {"wait", do_wait,
     "wait [--timeout SECS] [--state STATE] <name> [...]\n"
     "\t\t\tWait until every named process (or <gname>:*, or all) is in STATE\n"
     "\t\t\t(default RUNNING). Exit 0 then; at the timeout print those that are\n"
     "\t\t\tnot and exit 1; exit 2 at once when one is FATAL."},
};

// Python cmd.Cmd.columnize: the fewest rows whose columns fit in `width`.
void columnize(Session& session, const std::vector<std::string_view>& items, std::size_t width) {
  const std::size_t size = items.size();
  if (size == 0) {
    session.out("<empty>");
    return;
  }
  std::size_t nrows = size;
  std::size_t ncols = 1;
  std::vector<std::size_t> widths{0};
  for (std::size_t rows = 1; rows < size; ++rows) {
    const std::size_t cols = (size + rows - 1) / rows;
    std::vector<std::size_t> colwidths;
    long total = -2;
    for (std::size_t c = 0; c < cols; ++c) {
      std::size_t w = 0;
      for (std::size_t r = 0; r < rows && r + rows * c < size; ++r) {
        w = std::max(w, items[r + rows * c].size());
      }
      colwidths.push_back(w);
      total += static_cast<long>(w) + 2;
      if (total > static_cast<long>(width)) break;
    }
    if (total <= static_cast<long>(width)) {
      nrows = rows;
      ncols = cols;
      widths = colwidths;
      break;
    }
  }
  for (std::size_t r = 0; r < nrows; ++r) {
    std::vector<std::string_view> texts;
    for (std::size_t c = 0; c < ncols; ++c) {
      const std::size_t i = r + nrows * c;
      texts.push_back(i < size ? items[i] : std::string_view{});
    }
    while (!texts.empty() && texts.back().empty()) texts.pop_back();
    std::string line;
    for (std::size_t c = 0; c < texts.size(); ++c) {
      if (c > 0) line += "  ";
      line += pad_right(texts[c], widths[c]);
    }
    session.out(line);
  }
}

}  // namespace

const std::vector<Command>& command_table() { return kCommands; }

const Command* find_command(std::string_view name) {
  for (const auto* table : {&kCommands, &kOwnCommands}) {
    for (const Command& c : *table) {
      if (c.name == name) return &c;
    }
  }
  return nullptr;
}

std::vector<std::string> completion_vocabulary() {
  // The reference offers "help" first, then the plugin's actions in dir() order.
  std::vector<std::string> vocab{"help"};
  for (const Command& c : kCommands) {
    if (c.name != "EOF") vocab.emplace_back(c.name);
  }
  return vocab;
}

void print_help(Session& session, std::string_view name) {
  const Command* c = find_command(name);
  if (c != nullptr && !c->help.empty()) session.out(c->help);
}

After do_help(Session& session, const std::string& arg) {
  if (strip(arg) == "help") {
    session.out("help\t\tPrint a list of available actions");
    session.out("help <action>\tPrint help for <action>");
    return After::kContinue;
  }
  if (!arg.empty()) {
    const Command* c = find_command(arg);
    if (c == nullptr || c->help.empty()) {
      session.out("*** No help on " + arg);
    } else {
      session.out(c->help);
    }
    return After::kContinue;
  }
  const std::string header = "default commands (type help <topic>):";
  std::vector<std::string_view> documented;
  for (const Command& c : kCommands) {
    if (!c.help.empty()) documented.push_back(c.name);
  }
  session.out("");
  session.out(header);
  session.out(std::string(header.size(), '='));
  columnize(session, documented, 79);
  session.out("");
  return After::kContinue;
}

}  // namespace sup::ctl
