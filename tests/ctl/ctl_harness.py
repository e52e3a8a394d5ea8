"""Shared helpers for the supervisorctl tests: a scratch supervisord (Python's reference or
ours) in a mkdtemp directory, a unix-socket XML-RPC poller, running a client with a deadline,
and masking of the parts of the output that legitimately differ between two runs. Waiting
is tests/support/wait.py's, re-exported here for the scripts beside this file."""

import argparse
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import http.client
import xmlrpc.client

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "support"))
from wait import TimedOut, asleep, read_until, wait_for  # noqa: E402,F401

PY_CTL = "/usr/bin/supervisorctl"
PY_SUPERVISORD = "/usr/bin/supervisord"
SKIP = 77  # ctest SKIP_RETURN_CODE
OURS = os.environ.get("SUP_SUPERVISORCTL", "")  # our built supervisorctl


def daemon_choice():
    """The --daemon option of the test scripts: "python" (the default) or "ours"."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--daemon", choices=("python", "ours"), default="python")
    return parser.parse_args().daemon


def ours_missing():
    """True, after saying so, when SUP_SUPERVISORCTL does not name our built supervisorctl."""
    if not OURS or not os.path.exists(OURS):
        print("SUP_SUPERVISORCTL is not set to our built supervisorctl")
        return True
    return False


def free_port():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class UnixHTTPConnection(http.client.HTTPConnection):
    def __init__(self, path, timeout=5):
        super().__init__("localhost", timeout=timeout)
        self.path = path

    def connect(self):
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.sock.settimeout(self.timeout)
        self.sock.connect(self.path)


class UnixTransport(xmlrpc.client.Transport):
    def __init__(self, path):
        super().__init__()
        self.path = path

    def make_connection(self, host):
        return UnixHTTPConnection(self.path)


CONFIG = """\
[unix_http_server]
file={dir}/sv.sock

[inet_http_server]
port=127.0.0.1:{port}
username=user
password=123

[supervisord]
logfile={dir}/supervisord.log
pidfile={dir}/supervisord.pid
childlogdir={dir}
nodaemon=true
loglevel=info

[rpcinterface:supervisor]
supervisor.rpcinterface_factory = supervisor.rpcinterface:make_main_rpcinterface

[supervisorctl]
serverurl=unix://{dir}/sv.sock
history_file={dir}/history

[program:cat]
command=cat
startsecs=0

[program:echoer]
command=sh -c 'echo hello; echo world >&2; exec sleep 1000'
startsecs=0

[program:failer]
command=/bin/false
startsecs=1
startretries=0
autorestart=false

[program:manual]
command=sleep 1000
startsecs=0
autostart=false

[program:nocmd]
command=/nonexistent/prog
autostart=false
stderr_logfile=NONE

[program:ga]
command=sleep 1000
startsecs=0

[program:gb]
command=sleep 1000
startsecs=0

[group:grp]
programs=ga,gb

[program:multi]
command=sleep 1000
process_name=%(program_name)s_%(process_num)02d
numprocs=2
startsecs=0
autostart=false

[program:a_very_long_program_name_exceeding_thirty_chars]
command=sleep 1000
startsecs=0
"""

NEWPROG = """
[program:newprog]
command=sleep 1000
startsecs=0
autostart=false
"""


class Daemon:
    """A supervisord on a scratch config; stop() kills it by pid (also on failure)."""

    def __init__(self, binary):
        self.binary = binary
        self.dir = tempfile.mkdtemp(prefix="ctl-test-")
        self.port = free_port()
        self.conf = os.path.join(self.dir, "supervisord.conf")
        self.sock = os.path.join(self.dir, "sv.sock")
        self.write_config()
        self.proc = None

    def write_config(self, extra=""):
        with open(self.conf, "w") as f:
            f.write(CONFIG.format(dir=self.dir, port=self.port) + extra)

    def start(self):
        self.log = open(os.path.join(self.dir, "daemon.out"), "wb")
        self.proc = subprocess.Popen([self.binary, "-n", "-c", self.conf],
                                     stdout=self.log, stderr=subprocess.STDOUT,
                                     cwd=self.dir)
        def up_and_settled():
            if self.proc.poll() is not None:
                raise RuntimeError("supervisord exited early: " + self.output())
            return self.settled()
        try:
            wait_for(up_and_settled, 20, "supervisord to settle",
                     ignoring=(OSError, xmlrpc.client.Error, http.client.HTTPException))
        except TimedOut as e:
            raise RuntimeError("%s: %s" % (e, self.output())) from None

    def output(self):
        try:
            with open(os.path.join(self.dir, "daemon.out"), "rb") as f:
                return f.read().decode(errors="replace")
        except OSError:
            return ""

    def rpc(self):
        return xmlrpc.client.ServerProxy("http://localhost", transport=UnixTransport(self.sock))

    def settled(self):
        infos = self.rpc().supervisor.getAllProcessInfo()
        return bool(infos) and all(i["statename"] not in ("STARTING", "BACKOFF", "STOPPING")
                                   for i in infos)

    def wait_settled(self, timeout=10):
        wait_for(self.settled, timeout, "processes to settle")

    def child_pids(self):
        try:
            return [i["pid"] for i in self.rpc().supervisor.getAllProcessInfo() if i["pid"]]
        except (OSError, xmlrpc.client.Error, http.client.HTTPException):
            return []

    def stop(self):
        if self.proc is not None and self.proc.poll() is None:
            children = self.child_pids()
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(15)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
                # A killed daemon leaves its children behind; end them by pid.
                for pid in children:
                    try:
                        os.kill(pid, signal.SIGKILL)
                    except OSError:
                        pass
        shutil.rmtree(self.dir, ignore_errors=True)


def run(binary, args, stdin=None, timeout=30, env=None):
    p = subprocess.run([binary] + args, input=stdin, capture_output=True, timeout=timeout,
                       env=env)
    return p.stdout.decode(errors="replace"), p.stderr.decode(errors="replace"), p.returncode


MONTH = r"(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)"


def mask(text, binary):
    text = text.replace(binary, "<PROG>")
    text = re.sub(r"pid \d+, uptime (\d+ days?, )?\d+:\d\d:\d\d", "pid <PID>, uptime <UP>", text)
    text = re.sub(MONTH + r" \d\d \d\d:\d\d [AP]M", "<DATE>", text)
    text = re.sub(r"file: \S+ line: \d+", "file: <FILE> line: <LINE>", text)
    text = re.sub(r"(?m)^\d+$", "<N>", text)
    return text
