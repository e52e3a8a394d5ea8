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
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from ctl_harness import OURS, Daemon, PY_SUPERVISORD, SKIP, daemon_choice, ours_missing  # noqa: E402


class Pty:
    """A child on a pseudo-terminal; expect() waits for a regex in its output."""

    def __init__(self, args):
        env = dict(os.environ, TERM="xterm", LANG="C.UTF-8")
        self.pid, self.fd = pty.fork()
        if self.pid == 0:
            try:
                os.execve(args[0], args, env)
            finally:
                os._exit(127)
        self.buffer = b""
        self.transcript = b""  # everything the child wrote, to look for sanitizer reports
        self.status = None

    def send(self, data):
        os.write(self.fd, data.encode())

    def expect(self, pattern, timeout=10):
        regex = re.compile(pattern.encode())
        deadline = time.time() + timeout
        while True:
            m = regex.search(self.buffer)
            if m:
                self.buffer = self.buffer[m.end():]
                return m
            remaining = deadline - time.time()
            if remaining <= 0:
                raise AssertionError("timed out waiting for %r; output so far: %r"
                                     % (pattern, self.buffer))
            r, _, _ = select.select([self.fd], [], [], remaining)
            if r:
                try:
                    data = os.read(self.fd, 4096)
                except OSError:
                    data = b""
                if not data:
                    raise AssertionError("EOF waiting for %r; output: %r" % (pattern, self.buffer))
                self.buffer += data
                self.transcript += data

    def wait(self, timeout=10):
        deadline = time.time() + timeout
        while time.time() < deadline:
            pid, status = os.waitpid(self.pid, os.WNOHANG)
            try:  # keep draining so the child never blocks on a full terminal
                r, _, _ = select.select([self.fd], [], [], 0.05)
                if r:
                    self.transcript += os.read(self.fd, 4096)
            except OSError:
                time.sleep(0.05)
            if pid == self.pid:
                self.status = status
                if b"Sanitizer" in self.transcript:
                    raise AssertionError("sanitizer report: %r" % self.transcript)
                return os.waitstatus_to_exitcode(status)
        raise AssertionError("shell did not exit")

    def close(self):
        if self.status is None:
            try:
                os.kill(self.pid, signal.SIGKILL)
                os.waitpid(self.pid, 0)
            except OSError:
                pass
        os.close(self.fd)


PROMPT = r"supervisor> "


def check(cond, what):
    if not cond:
        raise AssertionError(what)
    print("ok - " + what)


def first_run(daemon):
    sh = Pty([OURS, "-c", daemon.conf])
    try:
        sh.expect(r"cat\s+RUNNING\s+pid \d+")  # the automatic status first
        sh.expect(PROMPT)
        check(True, "prompt after the initial status")
        sh.send("vers\t")
        sh.expect(r"ion ")  # the editor redraws: only the completed part is contiguous
        sh.send("\r")
        sh.expect(r"4\.2\.5")
        sh.expect(PROMPT)
        check(True, "action name completed, command run")
        sh.send("status ca\t")
        sh.expect(r"t ")
        sh.send("\r")
        sh.expect(r"cat\s+RUNNING\s+pid \d+, uptime")
        sh.expect(PROMPT)
        check(True, "process name completed")
        sh.send("status grp:g\t")
        time.sleep(0.3)
        sh.send("\t")
        sh.expect(r"grp:ga\s+grp:gb")  # two candidates: both listed
        sh.send("\x15")  # abandon that line (^U)
        sh.send("update gr\t")  # group names for add/remove/update
        sh.expect(r"p ")
        sh.send("\x15help sto\t")  # action names after help
        sh.expect(r"p ")
        check(True, "group and help-topic completion")
        sh.send("\x15")  # then Ctrl-C on a half-typed line
        sh.send("stat")
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
        check(True, "Ctrl-C ends tail -f and returns to the prompt")
        sh.send("fg cat\r")
        sh.expect(r"==> Press Ctrl-C to exit <==")
        time.sleep(0.5)  # let both log streams connect before cat answers
        sh.send("ping-through-cat\r")
        sh.expect(r"ping-through-cat[\s\S]*ping-through-cat")  # our echo, then cat's output
        sh.send("\x03")
        sh.expect(r"Exiting foreground")
        sh.expect(PROMPT)
        check(True, "fg sends input to the process and shows its output")
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
        sh.expect(r"cat\s+RUNNING\s+pid \d+, uptime")
        sh.expect(PROMPT)
        check(True, "history recalled from the previous run")
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
        sh.expect(r"cat\s+RUNNING\s+pid \d+")
        sh.expect(PROMPT)
        check(True, "401 asks for credentials, then the command runs")
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
