// The interactive shell: runs `status`, then reads command lines until quit/exit/EOF. On a
// terminal it edits lines with libedit (history in settings.history_file, tab completion of
// actions, process and group names, Ctrl-C abandons the line); otherwise it prints the
// prompt and reads stdin, as Python's cmd module does.
#pragma once

namespace sup::ctl {

class Session;

void run_shell(Session& session);

}  // namespace sup::ctl
