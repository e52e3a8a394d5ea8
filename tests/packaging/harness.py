"""Helpers shared by the packaging and pidproxy tests: polling with a deadline, a scratch
supervisord started and stopped by its pid, and the built binaries' paths (ctest sets
them, see tests/CMakeLists.txt). The XML-RPC transport over a unix socket is the one the
supervisorctl tests use."""

import os
import signal
import subprocess
import sys
import time
import xmlrpc.client

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "ctl"))
from ctl_harness import SKIP, UnixTransport  # noqa: E402  (shared with the ctl tests)

__all__ = ["SKIP", "UnixTransport", "env_path", "until", "Watched", "Daemon", "kill_quietly", "fail", "main"]


class Failure(Exception):
    pass


def fail(message):
    raise Failure(message)


def env_path(name):
    """A path ctest passes in the environment; fails the test when it is missing."""
    value = os.environ.get(name, "")
    if not value or not os.path.exists(value):
        fail(f"{name} is not set to an existing path (run through ctest)")
    return value


def until(predicate, what, timeout=20.0):
    """Polls predicate() until it returns something true, and returns that; fails after
    `timeout` seconds naming `what`."""
    deadline = time.monotonic() + timeout
    while True:
        value = predicate()
        if value:
            return value
        if time.monotonic() > deadline:
            fail(f"timed out waiting for {what}")
        time.sleep(0.02)


def kill_quietly(pid, sig=signal.SIGKILL):
    try:
        os.kill(pid, sig)
    except (ProcessLookupError, PermissionError):
        pass


class Watched:
    """XML-RPC to a supervisord on `sock` whose process is `proc` (any Popen whose exit
    means the daemon has gone) and whose output is in the file `out`."""

    def __init__(self, sock, proc, out):
        self.sock = sock
        self.proc = proc
        self.out_path = out

    def output(self):
        with open(self.out_path, "rb") as f:
            return f.read().decode(errors="replace")

    def rpc(self):
        return xmlrpc.client.ServerProxy("http://localhost", transport=UnixTransport(self.sock))

    def infos(self):
        """getAllProcessInfo, or None while the daemon does not answer."""
        if self.proc.poll() is not None:
            fail("supervisord exited: " + self.output())
        try:
            return self.rpc().supervisor.getAllProcessInfo()
        except (OSError, xmlrpc.client.Error):
            return None

    def state_of(self, name):
        for info in self.infos() or []:
            if info["name"] == name:
                return info
        return None

    def wait_state(self, name, state, timeout=20.0):
        def reached():
            info = self.state_of(name)
            return info if info and info["statename"] == state else None
        return until(reached, f"{name} to be {state}", timeout)


class Daemon(Watched):
    """supervisord -n on `conf`, its output in `out`. stop() ends it by its pid with SIGTERM
    (SIGKILL, and its children by pid, if it does not exit)."""

    def __init__(self, argv, conf, sock, out, cwd=None, env=None):
        self.log = open(out, "wb")
        proc = subprocess.Popen(argv + ["-n", "-c", conf], stdout=self.log, stderr=subprocess.STDOUT,
                                cwd=cwd, env=env)
        super().__init__(sock, proc, out)

    def stop(self):
        if self.proc.poll() is None:
            children = [i["pid"] for i in (self.infos() or []) if i["pid"]]
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(20)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
                for pid in children:
                    kill_quietly(pid)
        self.log.close()
        return self.proc.returncode


def main(test):
    """Runs test() and exits 0, 1 on a Failure (with its message), or SKIP."""
    try:
        status = test()
    except Failure as e:
        print("FAIL:", e)
        sys.exit(1)
    sys.exit(status or 0)
