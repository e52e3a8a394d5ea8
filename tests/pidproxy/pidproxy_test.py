#!/usr/bin/env python3
"""End-to-end cases of our pidproxy (man/pidproxy.1.scd), beyond upstream's two.

Each pidproxy runs in a session of its own, so a pidproxy that signalled a process group
could not reach this test. The program behind it is fake_daemon.py: it records the signals
it receives in a log and can fork away like a daemon.

- Every relayed signal reaches the pidfile's process; HUP, USR1 and USR2 leave everything
  running; after TERM, INT or QUIT pidproxy waits until that process has exited, then
  exits 0.
- A program that daemonizes: its launcher exits, the daemon becomes pidproxy's child, and
  pidproxy lives until the daemon has gone.
- No pidfile yet: Supervisor's message, and a stop signal goes to the command itself; a
  pidfile holding 0 is refused; a stale pid makes pidproxy exit 1.
- The command's own exit ends pidproxy with 0; a command that cannot start gives 127; no
  command gives the usage text and 1.
- As a program of our supervisord and of Python's: stop waits for the real process,
  signal reaches it.
"""
import os
import shutil
import signal
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "packaging"))
import harness  # noqa: E402
from harness import fail, until  # noqa: E402

FAKE = os.path.join(HERE, "fake_daemon.py")
PY_SUPERVISORD = "/usr/bin/supervisord"


def read(path):
    try:
        with open(path) as f:
            return f.read()
    except OSError:
        return ""


def log_lines(log):
    return read(log).split()


def parent_of(pid):
    for line in read(f"/proc/{pid}/status").splitlines():
        if line.startswith("PPid:"):
            return int(line.split()[1])
    return None


class Proxy:
    """Our pidproxy on PIDFILE running fake_daemon.py in `mode`; ended by its pid."""

    def __init__(self, pidproxy, scratch, mode="run", pidfile=None, hold=False, name="p"):
        self.dir = os.path.join(scratch, name)
        os.mkdir(self.dir)
        self.pidfile = os.path.join(self.dir, "app.pid")
        self.log = os.path.join(self.dir, "app.log")
        argv = [pidproxy, pidfile or self.pidfile, sys.executable, FAKE, mode, self.pidfile, self.log]
        # Files, not pipes: the program may outlive pidproxy and keep a pipe open.
        self.out, self.err = os.path.join(self.dir, "out"), os.path.join(self.dir, "err")
        with open(self.out, "w") as out, open(self.err, "w") as err:
            self.proc = subprocess.Popen(argv + (["--hold"] if hold else []), stdout=out, stderr=err,
                                         start_new_session=True)
        until(lambda: "ready" in log_lines(self.log), "the program to be ready")
        self.app = int(read(self.pidfile))

    def signal(self, sig):
        os.kill(self.proc.pid, sig)

    def wait_logged(self, name, count=1):
        until(lambda: log_lines(self.log).count(name) >= count, f"the program to log {name}")

    def stdout(self):
        return read(self.out)

    def finish(self, timeout=10):
        """pidproxy's exit status, stdout and stderr once it has exited."""
        try:
            self.proc.wait(timeout)
        except subprocess.TimeoutExpired:
            fail("pidproxy did not exit")
        return self.proc.returncode, read(self.out), read(self.err)

    def cleanup(self):
        if self.proc.poll() is None:
            harness.kill_quietly(self.proc.pid)
            self.proc.wait()
        harness.kill_quietly(self.app)

    def release(self):
        open(self.log + ".release", "w").close()


def relays_and_waits(pidproxy, scratch):
    for stop in (signal.SIGTERM, signal.SIGINT, signal.SIGQUIT):
        p = Proxy(pidproxy, scratch, hold=True, name=stop.name)
        try:
            for i, sig in enumerate((signal.SIGHUP, signal.SIGUSR1, signal.SIGUSR2)):
                p.signal(sig)
                p.wait_logged(sig.name[3:])
            if p.proc.poll() is not None:
                fail(f"pidproxy exited after HUP/USR1/USR2: {p.proc.returncode}")
            p.signal(stop)
            p.wait_logged(stop.name[3:])
            # The program holds on until released: pidproxy must still be there.
            if p.proc.poll() is not None:
                fail(f"pidproxy exited after {stop.name} while the program was still running")
            p.release()
            status, out, err = p.finish()
            if status != 0 or os.path.exists(f"/proc/{p.app}"):
                fail(f"after {stop.name}: pidproxy exited {status} ({err!r}), program still there: "
                     f"{os.path.exists(f'/proc/{p.app}')}")
            if log_lines(p.log) != ["ready", "HUP", "USR1", "USR2", stop.name[3:]]:
                fail(f"signals seen by the program: {log_lines(p.log)}")
        finally:
            p.cleanup()
    print("HUP, USR1, USR2 relayed; TERM, INT, QUIT relayed and waited for")


def daemonizing(pidproxy, scratch):
    p = Proxy(pidproxy, scratch, mode="fork", hold=True, name="fork")
    try:
        # The launcher is gone; the daemon it forked became pidproxy's child.
        until(lambda: parent_of(p.app) == p.proc.pid, "the daemon to be reparented to pidproxy")
        if p.proc.poll() is not None:
            fail("pidproxy exited with the launcher of a daemonizing program")
        p.signal(signal.SIGTERM)
        p.wait_logged("TERM")
        if p.proc.poll() is not None:
            fail("pidproxy exited before the daemon did")
        p.release()
        status, _, err = p.finish()
        if status != 0:
            fail(f"pidproxy exited {status}: {err}")
    finally:
        p.cleanup()
    p = Proxy(pidproxy, scratch, mode="fork", name="fork-killed")
    try:
        until(lambda: parent_of(p.app) == p.proc.pid, "the daemon to be reparented to pidproxy")
        os.kill(p.app, signal.SIGKILL)
        status, _, _ = p.finish()
        if status != 0:
            fail(f"pidproxy exited {status} when its daemon died")
    finally:
        p.cleanup()
    print("daemonizing program: pidproxy adopts the daemon and lives as long as it does")


def bad_pidfiles(pidproxy, scratch):
    missing = os.path.join(scratch, "never-written.pid")
    p = Proxy(pidproxy, scratch, pidfile=missing, name="missing")
    try:
        message = f"Can't read child pidfile {missing}!\n"
        p.signal(signal.SIGHUP)
        until(lambda: p.stdout() == message, "the pidfile message after HUP")
        p.signal(signal.SIGTERM)
        p.wait_logged("TERM")  # no pidfile: the stop goes to the command itself
        status, out, _ = p.finish()
        if status != 0 or out != message * 2:
            fail(f"no pidfile: exit {status}, stdout {out!r}")
        if "HUP" in log_lines(p.log):
            fail("a HUP without a pidfile reached the command")
    finally:
        p.cleanup()

    p = Proxy(pidproxy, scratch, name="zero")
    try:
        with open(p.pidfile, "w") as f:
            f.write("0\n")
        p.signal(signal.SIGHUP)
        until(lambda: p.stdout() == f"Can't read child pidfile {p.pidfile}!\n", "the message for a pidfile with 0")
        with open(p.pidfile, "w") as f:
            f.write(f"{p.app}\n")
        p.signal(signal.SIGTERM)
        status, _, _ = p.finish()
        if status != 0 or log_lines(p.log) != ["ready", "TERM"]:
            fail(f"after a refused pidfile: exit {status}, program saw {log_lines(p.log)}")
    finally:
        p.cleanup()

    p = Proxy(pidproxy, scratch, name="stale")
    try:
        gone = subprocess.Popen(["true"])
        gone.wait()
        with open(p.pidfile, "w") as f:
            f.write(f"{gone.pid}\n")
        p.signal(signal.SIGHUP)
        status, _, err = p.finish()
        if status != 1 or f"cannot send SIGHUP to pid {gone.pid}: No such process" not in err:
            fail(f"stale pid: exit {status}, stderr {err!r}")
    finally:
        p.cleanup()
    print("missing, refused and stale pidfiles handled")


def exits(pidproxy, scratch):
    p = subprocess.run([pidproxy, os.path.join(scratch, "none.pid"), "/bin/sh", "-c", "exit 3"],
                       capture_output=True, text=True, timeout=10, start_new_session=True)
    if p.returncode != 0:
        fail(f"pidproxy after its command exited 3: {p.returncode} (Supervisor's exits 0)")
    p = subprocess.run([pidproxy, "x.pid", "/nonexistent/program"], capture_output=True, text=True, timeout=10)
    if p.returncode != 127 or "cannot run /nonexistent/program" not in p.stderr:
        fail(f"unstartable command: {p.returncode} {p.stderr!r}")
    p = subprocess.run([pidproxy, "x.pid"], capture_output=True, text=True, timeout=10)
    if p.returncode != 1 or "Usage: " not in p.stdout:
        fail(f"no command: {p.returncode} {p.stdout!r}")
    print("exit statuses: command's end 0, unstartable 127, usage 1")


CONFIG = """\
[unix_http_server]
file={dir}/supervisor.sock

[supervisord]
logfile={dir}/supervisord.log
pidfile={dir}/supervisord.pid
childlogdir={dir}

[rpcinterface:supervisor]
supervisor.rpcinterface_factory = supervisor.rpcinterface:make_main_rpcinterface

[program:db]
command={pidproxy} {dir}/db.pid {python} {fake} fork {dir}/db.pid {dir}/db.log
startsecs=1
"""


def under_supervisord(pidproxy, scratch, supervisord, label):
    work = os.path.join(scratch, "under-" + "".join(c for c in label if c.isalnum()))
    os.mkdir(work)
    conf = os.path.join(work, "supervisord.conf")
    with open(conf, "w") as f:
        f.write(CONFIG.format(dir=work, pidproxy=pidproxy, python=sys.executable, fake=FAKE))
    daemon = harness.Daemon([supervisord], conf, os.path.join(work, "supervisor.sock"),
                            os.path.join(work, "daemon.out"))
    try:
        info = daemon.wait_state("db", "RUNNING")
        log = os.path.join(work, "db.log")
        until(lambda: "ready" in log_lines(log), "the daemonized program")
        app = int(read(os.path.join(work, "db.pid")))
        if parent_of(app) != info["pid"]:
            fail(f"{label}: the daemon's parent is {parent_of(app)}, not pidproxy ({info['pid']})")
        daemon.rpc().supervisor.signalProcess("db", "HUP")
        until(lambda: "HUP" in log_lines(log), "the HUP to reach the daemon")
        if not daemon.rpc().supervisor.stopProcess("db", True):
            fail(f"{label}: stopProcess failed")
        # Stopped means the real process has gone, not just pidproxy.
        if os.path.exists(f"/proc/{app}"):
            fail(f"{label}: db is STOPPED while the daemonized process still runs")
        if log_lines(log) != ["ready", "HUP", "TERM"] or daemon.state_of("db")["statename"] != "STOPPED":
            fail(f"{label}: {log_lines(log)} {daemon.state_of('db')}")
        print(f"under {label}: signal and stop reach the daemonized program, stop waits for it")
    finally:
        daemon.stop()


def test():
    pidproxy = harness.env_path("SUP_PIDPROXY")
    supervisord = harness.env_path("SUP_SUPERVISORD")
    scratch = tempfile.mkdtemp(prefix="pidproxy-test-")
    try:
        relays_and_waits(pidproxy, scratch)
        daemonizing(pidproxy, scratch)
        bad_pidfiles(pidproxy, scratch)
        exits(pidproxy, scratch)
        under_supervisord(pidproxy, scratch, supervisord, "our supervisord")
        if os.path.exists(PY_SUPERVISORD):
            under_supervisord(pidproxy, scratch, PY_SUPERVISORD, "Python's supervisord")
        else:
            print("Python's supervisord is not installed: checked under ours only")
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


if __name__ == "__main__":
    harness.main(test)
