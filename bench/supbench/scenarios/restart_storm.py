"""restart_storm: a program that exits at once (the stamp_exit probe; autorestart=true,
startsecs=0) left to crash-loop for the window.

Each run of the program appends its CLOCK_MONOTONIC start time to a file, so the first
respawn latency is the gap between the first two stamps and the sustained rate is the
number of respawns over the window. Daemon CPU comes from /proc. A zombie is a child
still unreaped in two samples a second apart (a transient one between exit and reap is
normal); the count reported is the most seen at any time.
"""
import os
import shutil
import time

from .. import procfs
from ..daemon import Daemon
from ..results import Metric
from . import guarded

KEYS = ("storm.first_respawn", "storm.rate", "storm.cpu", "storm.zombies")


def declare(ctx):
    r = ctx.results
    r.declare(Metric("storm.first_respawn", "restart_storm: first respawn latency", "ms", digits=2,
                     target=("≤ 10 ms", lambda ours, py, lim: ours <= 10)))
    r.declare(Metric("storm.rate", "restart_storm: sustained spawns", "per s", digits=2,
                     target=("≈ 1 per s (≤ 1.2)", lambda ours, py, lim: ours <= 1.2)))
    r.declare(Metric("storm.cpu", "restart_storm: daemon CPU", "ms per 10 s",
                     target=("near 0 (≤ 20)", lambda ours, py, lim: ours <= 20), sane="nonnegative"))
    r.declare(Metric("storm.zombies", "restart_storm: zombies left unreaped ≥ 1 s", "count", digits=0,
                     target=("0", lambda ours, py, lim: ours == 0), sane="nonnegative"))


def measure(ctx, impl_name):
    if ctx.unavailable[impl_name]:
        for key in KEYS:
            ctx.results.fail(key, impl_name, ctx.unavailable[impl_name])
        return
    ctx.log(f"{impl_name}: restart_storm")
    guarded(ctx, impl_name, KEYS, lambda: _run(ctx, impl_name))


def _run(ctx, impl_name):
    window = ctx.params.storm_window_s
    deadline = ctx.deadline()
    daemon = Daemon(ctx.implementations[impl_name], ctx.scratch, tag="-storm")
    stamps_path = os.path.join(daemon.dir, "stamps")
    daemon.set_programs([f"[program:storm]\ncommand={ctx.probes.path('stamp_exit')} {stamps_path}\n"
                         "autostart=false\nautorestart=true\nstartsecs=0\n"])
    try:
        daemon.start()
        daemon.wait_ready(deadline)
        time.sleep(ctx.params.settle_s)
        cpu_before = procfs.cpu_seconds(daemon.pid)
        started = time.monotonic()
        daemon.call("supervisor.startProcess", "storm", False)
        zombie_first_seen, persistent = {}, 0
        while time.monotonic() - started < window:
            now = time.monotonic()
            zombies = procfs.zombie_children(daemon.pid)
            zombie_first_seen = {z: zombie_first_seen.get(z, now) for z in zombies}
            persistent = max(persistent, sum(1 for t in zombie_first_seen.values() if now - t >= 1.0))
            time.sleep(0.1)
        ended = time.monotonic()
        cpu = procfs.cpu_seconds(daemon.pid) - cpu_before
        if daemon.exited():
            raise RuntimeError("daemon exited during the storm")
        with open(stamps_path) as f:
            stamps = sorted(float(line) for line in f if line.strip())
        if len(stamps) < 2:
            raise RuntimeError(f"{len(stamps)} runs of the program in {window:.0f} s: never respawned")
        ctx.results.add("storm.first_respawn", impl_name, (stamps[1] - stamps[0]) * 1000)
        ctx.results.add("storm.rate", impl_name, (len(stamps) - 1) / (ended - stamps[0]))
        ctx.results.add("storm.cpu", impl_name, cpu * 1000 * 10.0 / (ended - started))
        ctx.results.add("storm.zombies", impl_name, persistent)
    finally:
        daemon.stop()
        shutil.rmtree(daemon.dir, ignore_errors=True)
