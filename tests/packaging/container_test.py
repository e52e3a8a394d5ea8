#!/usr/bin/env python3
"""supervisord -n as PID 1 of a fresh pid namespace (unshare --pid --fork --mount-proc), as
in a container: an orphaned grandchild is reparented to it and reaped when it exits, and a
SIGTERM (what `docker stop` sends) stops each program by its own stopsignal, after which the
daemon exits 0. Needs root and unshare(1); exits 77 (skipped) without them.
"""
import os
import shutil
import signal
import subprocess
import tempfile

import harness
from harness import fail, until

CONFIG = """\
[unix_http_server]
file={dir}/supervisor.sock

[supervisord]
logfile={dir}/supervisord.log
pidfile={dir}/supervisord.pid
childlogdir={dir}
loglevel=debug

[rpcinterface:supervisor]
supervisor.rpcinterface_factory = supervisor.rpcinterface:make_main_rpcinterface

[program:polite]
command=/bin/sh {dir}/polite.sh
stopsignal=INT
startsecs=0

[program:orphaner]
command=/bin/sh {dir}/orphaner.sh
startsecs=0
autorestart=false
"""
# Stops only on SIGINT, and says so.
POLITE = """\
trap 'echo INT > {dir}/polite.got; exit 0' INT
trap '' TERM
while :; do sleep 0.05; done
"""
# Leaves a grandchild behind and exits: the grandchild's parent becomes PID 1.
ORPHANER = """\
/bin/sh -c 'echo $$ > {dir}/orphan.nspid; exec sleep 1000' &
exit 0
"""


def status_field(pid, name):
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith(name + ":"):
                    return line.split(":", 1)[1].split()
    except OSError:
        pass
    return None


def children(pid):
    try:
        with open(f"/proc/{pid}/task/{pid}/children") as f:
            return [int(p) for p in f.read().split()]
    except OSError:
        return []


def outer_pid(parent, inner):
    """The pid, as this test sees it, of the child of `parent` whose innermost pid is `inner`."""
    for child in children(parent):
        nspid = status_field(child, "NSpid")
        if nspid and int(nspid[-1]) == inner:
            return child
    return None


def test():
    if os.geteuid() != 0 or shutil.which("unshare") is None:
        print("SKIP: needs root and unshare(1) for a pid namespace")
        return harness.SKIP
    probe = subprocess.run(["unshare", "--pid", "--fork", "--mount-proc", "true"], capture_output=True, text=True)
    if probe.returncode != 0:
        print("SKIP: unshare --pid is not permitted here:", probe.stderr.strip())
        return harness.SKIP
    supervisord = harness.env_path("SUP_SUPERVISORD")
    scratch = tempfile.mkdtemp(prefix="container-test-")
    unshare = None
    daemon_pid = None
    try:
        for name, text in (("supervisord.conf", CONFIG), ("polite.sh", POLITE), ("orphaner.sh", ORPHANER)):
            with open(os.path.join(scratch, name), "w") as f:
                f.write(text.format(dir=scratch))
        out = open(os.path.join(scratch, "daemon.out"), "wb")
        unshare = subprocess.Popen(["unshare", "--pid", "--fork", "--mount-proc", supervisord, "-n", "-c",
                                    os.path.join(scratch, "supervisord.conf")], stdout=out, stderr=subprocess.STDOUT)
        daemon_pid = until(lambda: (children(unshare.pid) or [None])[0], "supervisord to start")
        if status_field(daemon_pid, "NSpid")[-1] != "1":
            fail(f"supervisord is not PID 1 in its namespace: NSpid {status_field(daemon_pid, 'NSpid')}")

        rpc = harness.Watched(os.path.join(scratch, "supervisor.sock"), unshare, out.name)
        rpc.wait_state("polite", "RUNNING")
        rpc.wait_state("orphaner", "EXITED")

        nspid_file = os.path.join(scratch, "orphan.nspid")
        inner = int(until(lambda: open(nspid_file).read().strip() if os.path.exists(nspid_file) else "",
                          "the grandchild's pid"))
        orphan = until(lambda: outer_pid(daemon_pid, inner), "the orphan to become PID 1's child")
        os.kill(orphan, signal.SIGTERM)
        # A zombie would stay in /proc: gone means PID 1 reaped it.
        until(lambda: not os.path.exists(f"/proc/{orphan}"), "PID 1 to reap the orphan")
        print(f"orphan {orphan} (pid {inner} inside) was reparented to supervisord and reaped")

        os.kill(daemon_pid, signal.SIGTERM)
        status = unshare.wait(30)
        if status != 0:
            fail(f"supervisord as PID 1 exited {status} after SIGTERM:\n{rpc.output()}")
        got = os.path.join(scratch, "polite.got")
        if not os.path.exists(got) or open(got).read().strip() != "INT":
            fail("the program with stopsignal=INT was not stopped by SIGINT")
        with open(os.path.join(scratch, "supervisord.log")) as f:
            log = f.read()
        if "stopped: polite (exit status 0)" not in log:
            fail("the log does not show polite stopped cleanly:\n" + log)
        print("SIGTERM to PID 1: polite stopped by its SIGINT, daemon exited 0")
    finally:
        if unshare is not None and unshare.poll() is None:
            if daemon_pid:
                harness.kill_quietly(daemon_pid)  # the kernel then ends the whole namespace
            unshare.wait(30)
        shutil.rmtree(scratch, ignore_errors=True)


if __name__ == "__main__":
    harness.main(test)
