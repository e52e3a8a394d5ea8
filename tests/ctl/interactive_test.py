#!/usr/bin/env python3
"""Our supervisorctl's interactive shell, driven through a pseudo-terminal against Python's
supervisord (or ours with --daemon ours): the prompt, a command, tab completion of an action
and of a process name, Ctrl-C abandoning a line, history kept across two runs in the
configured history_file (mode 0600), Ctrl-D leaving with status 0, and the interactive answer
to HTTP 401 (asking for credentials, then re-running the command)."""

import os
import pty
import re
import select
import signal
import stat
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from ctl_harness import (OURS, Daemon, PY_SUPERVISORD, SKIP, TimedOut, daemon_choice, ours_missing,  # noqa: E402
                         read_until, wait_for)


class Pty:
    """A child on a pseudo-terminal; expect() waits for a regex in its output and keeps what
    came before the match in `before`."""

    def __init__(self, args):
        env = dict(os.environ, TERM="xterm", LANG="C.UTF-8")
        self.pid, self.fd = pty.fork()
        if self.pid == 0:
            try:
                os.execve(args[0], args, env)
            finally:
                os._exit(127)
        self.buffer = b""
        self.before = ""
        self.transcript = b""  # everything the child wrote, to look for sanitizer reports
        self.status = None

    def send(self, data):
        os.write(self.fd, data.encode())

    def expect(self, pattern, timeout=10):
        regex = re.compile(pattern.encode())
        old = len(self.buffer)
        try:
            self.buffer = read_until(self.fd, regex.search, timeout, repr(pattern), self.buffer)
        except TimedOut:
            raise AssertionError("timed out waiting for %r; output so far: %r" % (pattern, self.buffer)) from None
        finally:
            self.transcript += self.buffer[old:]
        m = regex.search(self.buffer)
        if not m:
            raise AssertionError("EOF waiting for %r; output: %r" % (pattern, self.buffer))
        self.before = self.buffer[:m.start()].decode(errors="replace")
        self.buffer = self.buffer[m.end():]
        return m

    def drain(self):
        """Reads what is there now, so the child never blocks on a full terminal."""
        try:
            while select.select([self.fd], [], [], 0)[0]:
                data = os.read(self.fd, 4096)
                if not data:
                    return
                self.transcript += data
        except OSError:  # EIO once the child has gone
            pass

    def wait(self, timeout=10):
        def reaped():
            self.drain()
            pid, status = os.waitpid(self.pid, os.WNOHANG)
            if pid == self.pid:
                self.status = status
            return pid == self.pid
        try:
            wait_for(reaped, timeout, "the shell to exit")
        except TimedOut:
            raise AssertionError("shell did not exit") from None
        if b"Sanitizer" in self.transcript:
            raise AssertionError("sanitizer report: %r" % self.transcript)
        return os.waitstatus_to_exitcode(self.status)

    def close(self):
        if self.status is None:
            try:
                os.kill(self.pid, signal.SIGKILL)
                os.waitpid(self.pid, 0)
            except OSError:
                pass
        os.close(self.fd)


PROMPT = r"supervisor> "
ESCAPES = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]|\x07")
ROW = re.compile(r"^(\S+)\s+[A-Z]+\s")  # a status row: name, then the state


def check(cond, what):
    if not cond:
        raise AssertionError(what)
    print("ok - " + what)


def screen_lines(text):
    """The non-empty lines of terminal output, without escape sequences and bells."""
    lines = ESCAPES.sub("", text).replace("\r\n", "\n").split("\n")
    return [line.strip("\r ") for line in lines if line.strip("\r ")]


def row_names(text):
    return [m.group(1) for m in map(ROW.match, screen_lines(text)) if m]


def all_names(daemon):
    """Every process as supervisorctl status names it, in its order."""
    infos = daemon.rpc().supervisor.getAllProcessInfo()
    return [i["name"] if i["group"] == i["name"] else "%s:%s" % (i["group"], i["name"]) for i in infos]


def one_cat_row(text):
    rows = screen_lines(text)
    return len(rows) == 1 and re.match(r"cat\s+RUNNING\s+pid \d+, uptime", rows[0]) is not None


def line_being_edited(sh):
    """The line in the editor now: ^L redraws prompt and line, then ^U (which abandons the
    line) starts with a carriage return that ends the redrawn text."""
    sh.send("\x0c\x15")
    return sh.expect(r"\x1b\[2J" + PROMPT + r"([^\x1b\r]*)\r").group(1).decode()


def first_run(daemon):
    sh = Pty([OURS, "-c", daemon.conf])
    try:
        sh.expect(PROMPT)  # after the automatic status
        check(sorted(row_names(sh.before)) == sorted(all_names(daemon)), "the initial status lists every process, then the prompt")
        sh.send("vers\t")
        sh.expect(r"ion ")  # the editor redraws: only the completed part is contiguous
        sh.send("\r")
        sh.expect(PROMPT)
        check(screen_lines(sh.before) == ["4.2.5"], "vers<Tab> completed to version, which printed 4.2.5")
        sh.send("status ca\t")
        sh.expect(r"t ")
        sh.send("\r")
        sh.expect(PROMPT)
        check(one_cat_row(sh.before), "ca<Tab> completed to cat: status printed its one row, RUNNING")
        sh.send("status grp:g\t\t")  # the shell reads keys in order: the second Tab lists
        m = sh.expect(r"\r\n(grp:[^\r\n]*)\r\n")
        check(m.group(1).decode().split() == ["grp:ga", "grp:gb"], "grp:g<Tab><Tab> lists both candidates")
        sh.send("\x15")  # abandon that line (^U)
        sh.send("update gr\t")  # group names for add/remove/update
        sh.expect(r"p ")
        check(line_being_edited(sh) == "update grp ", "update gr<Tab> completed the group name")
        sh.send("help sto\t")  # action names after help
        sh.expect(r"p ")
        check(line_being_edited(sh) == "help stop ", "help sto<Tab> completed the topic")
        sh.send("stat")  # then Ctrl-C on a half-typed line
        sh.expect(r"stat")
        sh.send("\x03")
        sh.expect(PROMPT)
        sh.send("version\r")
        m = sh.expect(r"([^\r\n]*)4\.2\.5")
        check(b"stat" not in m.group(1), "Ctrl-C abandoned the half-typed line")
        sh.expect(PROMPT)
        sh.send("tail -f echoer\r")
        sh.expect(r"==> Press Ctrl-C to exit <==")
        sh.expect(r"hello")
        sh.send("\x03")
        sh.expect(PROMPT)
        check(screen_lines(sh.before) == ["^C"], "Ctrl-C ends tail -f: nothing but ^C, then the prompt")
        sh.send("fg cat\r")
        sh.expect(r"==> Press Ctrl-C to exit <==")
        # Whether or not the log streams have connected yet, cat's answer shows: a stream
        # starts with the log's last kilobyte.
        sh.send("ping-through-cat\r")
        sh.expect(r"ping-through-cat[\s\S]*ping-through-cat")  # our echo, then cat's output
        sh.send("\x03")
        sh.expect(r"Exiting foreground")
        sh.expect(PROMPT)
        log = daemon.rpc().supervisor.readProcessStdoutLog("cat", 0, 0)
        check(log.endswith("ping-through-cat\n"), "fg sent the line to cat, whose log ends with it")
        sh.send("quit\r")
        check(sh.wait() == 0, "quit leaves with status 0")
    finally:
        sh.close()


def second_run(daemon):
    history = os.path.join(daemon.dir, "history")
    check(os.path.exists(history), "history file written")
    check(stat.S_IMODE(os.stat(history).st_mode) == 0o600, "history file has mode 0600")
    with open(history) as f:
        entries = f.read().splitlines()
    check(entries[-5:] == ["status cat ", "version", "tail -f echoer", "fg cat", "quit"],
          "history holds the commands")
    sh = Pty([OURS, "-c", daemon.conf])
    try:
        sh.expect(PROMPT)
        sh.send("\x1b[A" * 5)  # back over quit, fg, tail, version: "status cat "
        sh.expect(r"status cat")
        sh.send("\r")
        sh.expect(PROMPT)
        check(one_cat_row(sh.before), "history recalled status cat from the previous run, which printed cat's row")
        sh.send("\x04")
        check(sh.wait() == 0, "Ctrl-D leaves with status 0")
    finally:
        sh.close()


def auth_run(daemon):
    url = "http://127.0.0.1:%d" % daemon.port
    sh = Pty([OURS, "-c", daemon.conf, "-s", url])
    try:
        sh.expect(r"Server requires authentication")
        sh.expect(r"Username:")
        sh.send("user\r")
        sh.expect(r"Password:")
        sh.send("123\r")
        sh.expect(PROMPT)
        check(sorted(row_names(sh.before)) == sorted(all_names(daemon)), "401 asks for credentials, then status lists every process")
        sh.send("version\r")
        sh.expect(r"4\.2\.5")
        sh.send("quit\r")
        check(sh.wait() == 0, "authenticated session quits")
    finally:
        sh.close()


def main():
    daemon_kind = daemon_choice()
    if ours_missing():
        return 1
    if daemon_kind == "python" and not os.path.exists(PY_SUPERVISORD):
        print("SKIPPED: the reference Supervisor 4.2.5 is not installed in /usr/bin")
        return SKIP
    binary = PY_SUPERVISORD
    if daemon_kind == "ours":
        if os.environ.get("SUP_CTL_GOLDEN_OURS") != "1":
            print("SKIPPED: interactive test against our supervisord is off; set "
                  "SUP_CTL_GOLDEN_OURS=1 (or -DSUP_CTL_GOLDEN_OURS=ON) to run it.")
            return SKIP
        binary = os.environ.get("SUP_SUPERVISORD", "")
    daemon = Daemon(binary)
    try:
        daemon.start()
        first_run(daemon)
        second_run(daemon)
        auth_run(daemon)
        return 0
    finally:
        daemon.stop()


if __name__ == "__main__":
    sys.exit(main())
