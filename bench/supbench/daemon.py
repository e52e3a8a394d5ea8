"""Starting, driving and stopping one supervisord on a scratch config.

Every daemon gets its own temp dir (config, unix socket, logs). Stopping is by pid:
SIGTERM to the daemon, SIGKILL if it lingers, then SIGKILL to any descendant it left
behind (matched by pid and kernel start time, so a reused pid is never hit).
"""
import os
import signal
import subprocess
import tempfile
import time

from . import procfs, rpc

RUNNING_DAEMONS = set()


class Implementation:
    def __init__(self, name, label, supervisord, supervisorctl):
        self.name, self.label = name, label
        self.supervisord, self.supervisorctl = supervisord, supervisorctl

    def missing(self):
        """Why this implementation cannot run at all, or None."""
        for path in (self.supervisord, self.supervisorctl):
            if not (path and os.path.isfile(path) and os.access(path, os.X_OK)):
                return f"{path} not built"
        return None


def sleep_programs(count, command="/bin/sleep 100000"):
    """N [program:x] sections running sleep, startsecs=0, default AUTO child logs."""
    return [f"[program:sleep_{i:04d}]\ncommand={command}\nstartsecs=0\n" for i in range(count)]


class DaemonError(RuntimeError):
    pass


class Daemon:
    def __init__(self, impl, scratch_dir, programs=(), tag=""):
        self.impl = impl
        self.dir = tempfile.mkdtemp(prefix=f"{impl.name}{tag}-", dir=scratch_dir)
        self.socket = os.path.join(self.dir, "sock")
        self.config = os.path.join(self.dir, "supervisord.conf")
        self.childlogdir = os.path.join(self.dir, "childlogs")
        os.makedirs(self.childlogdir)
        self.process = None
        self.launched_at = None
        self.set_programs(programs)

    def set_programs(self, programs):
        """(Re)writes the config with these [program:x] sections; before start()."""
        with open(self.config, "w") as f:
            f.write(f"""[unix_http_server]
file={self.socket}

[supervisord]
logfile={self.dir}/supervisord.log
pidfile={self.dir}/supervisord.pid
childlogdir={self.childlogdir}
nodaemon=true

[rpcinterface:supervisor]
supervisor.rpcinterface_factory = supervisor.rpcinterface:make_main_rpcinterface

[supervisorctl]
serverurl=unix://{self.socket}

""")
            f.write("\n".join(programs))

    @property
    def pid(self):
        return self.process.pid

    def start(self):
        self.launched_at = time.monotonic()
        self.process = subprocess.Popen(
            [self.impl.supervisord, "-n", "-c", self.config],
            stdin=subprocess.DEVNULL,
            stdout=open(os.path.join(self.dir, "daemon.stdout"), "wb"),
            stderr=open(os.path.join(self.dir, "daemon.stderr"), "wb"),
            cwd=self.dir, start_new_session=True)
        RUNNING_DAEMONS.add(self)
        return self

    def exited(self):
        return self.process.poll() is not None

    def _diagnosis(self):
        tail = ""
        for name in ("daemon.stderr", "supervisord.log", "daemon.stdout"):
            path = os.path.join(self.dir, name)
            if os.path.exists(path):
                with open(path, errors="replace") as f:
                    text = f.read().strip()
                if text:
                    tail = text.splitlines()[-1][:160]
                    break
        status = f"exited {self.process.returncode}" if self.exited() else "running"
        return f"daemon {status}" + (f": {tail}" if tail else "")

    def call(self, method, *params, timeout=30.0):
        return rpc.call(self.socket, method, *params, timeout=timeout)

    def wait_ready(self, deadline):
        """Until the socket answers supervisor.getState with RUNNING."""
        last_error = "no socket"
        while time.monotonic() < deadline:
            if self.exited():
                raise DaemonError(self._diagnosis())
            if os.path.exists(self.socket):
                try:
                    state = self.call("supervisor.getState", timeout=max(0.1, deadline - time.monotonic()))
                    if state.get("statename") == "RUNNING":
                        return
                    last_error = f"state {state}"
                except (OSError, rpc.RpcError) as e:
                    last_error = str(e)[:120]
            time.sleep(0.01)
        raise DaemonError(f"not ready in time ({last_error}; {self._diagnosis()})")

    def wait_children_running(self, count, comm, deadline, poll=0.01):
        """Monotonic time at which /proc shows `count` children exec'd into `comm`.

        A pid once seen running `comm` is not read again, so polling a thousand children
        does not steal much CPU from the daemon being timed on this small machine."""
        confirmed = set()
        while time.monotonic() < deadline:
            if self.exited():
                raise DaemonError(self._diagnosis())
            kids = set(procfs.children(self.pid))
            confirmed &= kids
            for kid in kids - confirmed:
                info = procfs.state_and_comm(kid)
                if info and info[1] == comm and info[0] != "Z":
                    confirmed.add(kid)
            if len(confirmed) >= count:
                return time.monotonic()
            time.sleep(poll)
        raise DaemonError(f"only {len(confirmed)} of {count} children running after the deadline")

    def wait_all_states(self, count, statename, deadline):
        """Until getAllProcessInfo lists `count` processes, all in `statename`."""
        while True:
            infos = self.call("supervisor.getAllProcessInfo", timeout=max(0.1, deadline - time.monotonic()))
            in_state = sum(1 for info in infos if info.get("statename") == statename)
            if len(infos) == count and in_state == count:
                return
            if time.monotonic() >= deadline:
                raise DaemonError(f"{in_state} of {len(infos)} processes {statename} (expected {count})")
            time.sleep(0.05)

    def ctl(self, *args, supervisorctl=None, timeout=30.0):
        """Runs supervisorctl against this daemon: (exit code, output, wall seconds)."""
        started = time.monotonic()
        done = subprocess.run([supervisorctl or self.impl.supervisorctl, "-c", self.config, *args],
                              stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=timeout)
        return done.returncode, done.stdout + done.stderr, time.monotonic() - started

    def stop(self, grace=20.0):
        if self.process is None or self not in RUNNING_DAEMONS:
            return
        left_behind = procfs.descendants(self.pid)
        if not self.exited():
            try:
                os.kill(self.pid, signal.SIGTERM)
            except ProcessLookupError:
                pass
            try:
                self.process.wait(timeout=grace)
            except subprocess.TimeoutExpired:
                os.kill(self.pid, signal.SIGKILL)
                self.process.wait()
        # What it left: descendants seen just now (by pid and start time, so a reused pid
        # is never hit), and anything else that names this daemon's dir (its children
        # after a crash, or a daemon that forked into the background despite -n).
        for pid, started in left_behind.items():
            if started is not None and procfs.start_time(pid) == started:
                _kill(pid)
        for pid in procfs.processes_mentioning(self.dir.encode()):
            _kill(pid)
        RUNNING_DAEMONS.discard(self)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.stop()


def _kill(pid):
    try:
        os.kill(pid, signal.SIGKILL)
    except ProcessLookupError:
        pass


def stop_all_daemons():
    for daemon in list(RUNNING_DAEMONS):
        daemon.stop(grace=5.0)
