// The pidproxy process: starts COMMAND, relays signals to the process its pidfile names, and
// decides when pidproxy ends. For programs whose signal-handling process is not the one
// supervisord started (mysqld_safe and mysqld) or that fork into the background.
//
// Rules (man/pidproxy.1.scd is the user-facing text):
// - TERM, HUP, INT, QUIT, USR1 and USR2 go to the pid in the pidfile, read afresh for every
//   signal. When it cannot be read, Supervisor's "Can't read child pidfile PATH!" goes to
//   stdout; a TERM, INT or QUIT then goes to COMMAND itself while it runs (Supervisor's
//   pidproxy drops it, so a stop before the pidfile exists did nothing).
// - After passing on TERM, INT or QUIT, pidproxy exits 0 as soon as the signalled process is
//   gone (Supervisor's exits at once, before the program has stopped).
// - pidproxy is a child subreaper: what COMMAND leaves behind (a daemon that forked away)
//   becomes its child. It exits 0 when it has no child left (Supervisor's checks every 5 s
//   and ends with COMMAND).
// - A signal that cannot be delivered: a message on stderr and exit 1 (Supervisor's ends
//   with a traceback and 1). COMMAND that cannot be started: a message and exit 127.
// SIGCHLD is never ignored (an ignored SIGCHLD would let the kernel reap children behind
// pidproxy's back, which is why Supervisor installs a do-nothing handler): the relayed
// signals and SIGCHLD are blocked for pidproxy's whole life and read from a signalfd; the
// child starts with them unblocked and at their default actions.
#pragma once

#include "pidproxy/invocation.h"

namespace sup::pidproxy {

// Runs until one of the ends above and returns pidproxy's exit status. Call once per process:
// it changes the signal mask, dispositions and the subreaper flag for good.
int run_proxy(const Invocation& inv);

}  // namespace sup::pidproxy
