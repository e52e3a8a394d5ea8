#!/usr/bin/env python3
"""End-to-end: what our supervisord and Python's send to syslog (logging.md §1.6, §2.10).

Both daemons run with logfile=syslog and a program with stdout_syslog/stderr_syslog, and
the datagrams they send to /dev/log are compared after masking times and pids. /dev/log
is a socket this test binds itself, inside a private mount namespace (unshare -m) with a
tmpfs over /dev, so the machine's own /dev/log (if any) is never touched. Needs root and
unshare(1); exits 77 (ctest: skipped) without them.
"""
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "support"))
from wait import TimedOut, wait_for  # noqa: E402

SKIP = 77
INSIDE = "SUP_SYSLOG_TEST_INSIDE"
DEVICES = ("null", "zero", "random", "urandom", "full", "tty")
HEADER = re.compile(r"^<14>[A-Z][a-z]{2} [ \d]\d \d\d:\d\d:\d\d supervisord: ")


def enter_namespace():
    """Re-runs this script in a private mount namespace; returns its exit status."""
    if os.geteuid() != 0 or shutil.which("unshare") is None:
        print("SKIP: needs root and unshare(1) for a private /dev/log")
        return SKIP
    env = dict(os.environ, **{INSIDE: "1"})
    probe = subprocess.run(["unshare", "-m", "--propagation", "private", "true"], capture_output=True)
    if probe.returncode != 0:
        print("SKIP: unshare -m is not permitted here:", probe.stderr.decode().strip())
        return SKIP
    return subprocess.run(["unshare", "-m", "--propagation", "private", sys.executable, __file__], env=env).returncode


def private_dev(scratch):
    """A tmpfs over /dev holding only the device nodes the daemons need, and no /dev/log."""
    real = os.path.join(scratch, "realdev")
    os.mkdir(real)
    subprocess.run(["mount", "--bind", "/dev", real], check=True)
    subprocess.run(["mount", "-t", "tmpfs", "tmpfs", "/dev"], check=True)
    for name in DEVICES:
        if os.path.exists(os.path.join(real, name)):
            open(os.path.join("/dev", name), "w").close()
            subprocess.run(["mount", "--bind", os.path.join(real, name), os.path.join("/dev", name)], check=True)


class Receiver:
    def __init__(self):
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
        self.sock.bind("/dev/log")
        self.sock.settimeout(0.1)
        self.datagrams = []
        self.lock = threading.Lock()
        self.running = True
        self.markers = 0
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()

    def _run(self):
        while self.running:
            try:
                data = self.sock.recv(65536)
            except socket.timeout:
                continue
            with self.lock:
                self.datagrams.append(data.decode("utf-8", "replace"))

    def take(self):
        with self.lock:
            taken, self.datagrams = self.datagrams, []
        return taken

    def wait_for(self, needle, seen, timeout=15):
        """Moves what has arrived into `seen` until a datagram there holds `needle`."""
        def arrived():
            seen.extend(self.take())
            return any(needle in d for d in seen)
        try:
            return wait_for(arrived, timeout, repr(needle))
        except TimedOut:
            return False

    def drain(self, seen):
        """Moves into `seen` everything sent to /dev/log before this call: a datagram socket
        queues in order, so once a marker sent now has arrived, all of that has too."""
        self.markers += 1
        marker = "drain marker %d" % self.markers
        with socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM) as s:
            s.sendto(marker.encode(), "/dev/log")
        if not self.wait_for(marker, seen):
            raise RuntimeError("our own datagram to /dev/log never arrived")
        seen[:] = [d for d in seen if d != marker]


def config(scratch):
    return f"""[unix_http_server]
file={scratch}/sock

[supervisord]
logfile=syslog
loglevel=info
pidfile={scratch}/supervisord.pid
childlogdir={scratch}
nodaemon=true

[rpcinterface:supervisor]
supervisor.rpcinterface_factory = supervisor.rpcinterface:make_main_rpcinterface

[program:s]
command=/bin/sh -c 'echo hello; echo two lines >&2; echo "of output" >&2; exec sleep 100'
startsecs=0
autorestart=false
stdout_logfile=NONE
stderr_logfile=NONE
stdout_syslog=true
stderr_syslog=true
"""


def mask(datagram):
    """The message without the syslog header's clock, the main-log timestamp and pids."""
    if not HEADER.match(datagram):
        return "BAD HEADER: " + datagram
    text = HEADER.sub("", datagram)
    text = re.sub(r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d{3} ", "TS ", text)
    return re.sub(r"pid \d+", "pid N", text)


def run_daemon(binary, scratch, receiver):
    conf = os.path.join(scratch, "supervisord.conf")
    with open(conf, "w") as f:
        f.write(config(scratch))
    receiver.drain([])  # what an earlier daemon sent is not this one's
    seen = []
    proc = subprocess.Popen([binary, "-n", "-c", conf], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        ok = all(receiver.wait_for(n, seen) for n in ("success: s entered RUNNING", "s hello", "s of output"))
        proc.send_signal(signal.SIGTERM)
        proc.wait(timeout=20)
        receiver.drain(seen)  # all it sent before it exited
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    if not ok:
        print(f"FAIL: {binary} did not send the expected messages; got:", *seen, sep="\n  ")
        print(proc.stderr.read().decode(errors="replace"))
        sys.exit(1)
    return [mask(d) for d in seen]


def inside():
    ours = os.environ.get("SUP_SUPERVISORD")
    if not ours:
        print("FAIL: SUP_SUPERVISORD is not set (run the tests through ctest)")
        return 1
    python = "/usr/bin/supervisord"
    scratch = tempfile.mkdtemp(prefix="sup-syslog-")
    try:
        private_dev(scratch)
        receiver = Receiver()
        results = {}
        for name, binary in (("ours", ours), ("python", python)):
            daemon_dir = os.path.join(scratch, name)
            os.mkdir(daemon_dir)
            results[name] = run_daemon(binary, daemon_dir, receiver)
        receiver.running = False
    finally:
        subprocess.run(["umount", "-l", "/dev"], check=False)
        subprocess.run(["umount", "-l", os.path.join(scratch, "realdev")], check=False)
        shutil.rmtree(scratch, ignore_errors=True)

    failures = []
    for name, messages in results.items():
        bad = [m for m in messages if m.startswith("BAD HEADER")]
        if bad:
            failures.append(f"{name}: datagrams without the '<14>Mmm dd hh:mm:ss supervisord: ' header: {bad}")
    # The child's lines: one datagram per line, "<name> <line>", no newline (logging.md §2.10).
    for name, messages in results.items():
        for line in ("s hello", "s two lines", "s of output"):
            if messages.count(line) != 1:
                failures.append(f"{name}: {line!r} sent {messages.count(line)} times, not once")
    # Main-log records: full format with the trailing newline (§1.6); the same set from both.
    ours_set = sorted(m for m in results["ours"] if m.startswith("TS "))
    python_set = sorted(m for m in results["python"] if m.startswith("TS "))
    if ours_set != python_set:
        failures.append("main-log datagrams differ:\n  ours:   " + "\n          ".join(map(repr, ours_set)) +
                        "\n  python: " + "\n          ".join(map(repr, python_set)))
    if not any(m.endswith("\n") for m in ours_set):
        failures.append("ours: main-log datagrams lack the trailing newline")
    for failure in failures:
        print("FAIL:", failure)
    if not failures:
        print(f"ok: {len(results['ours'])} datagrams from ours, {len(results['python'])} from Python, alike")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(inside() if os.environ.get(INSIDE) else enter_namespace())
