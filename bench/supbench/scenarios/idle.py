"""idle: what a daemon supervising N sleeping programs costs while nothing happens.

Memory from /proc/PID/status (VmRSS) and smaps_rollup (Pss); CPU and wake-ups (voluntary
context switches) over the idle window, summed over all the daemon's threads and scaled
to 10 seconds so smoke runs with short windows stay comparable.
"""
import time

from .. import procfs
from ..results import Metric


def rss_key(n):
    return f"idle.rss.{n}"


def declare(ctx):
    p, r = ctx.params, ctx.results
    top = max(p.idle_counts)
    for n in p.idle_counts:
        target = None
        if n == top:
            target = ("≤ 1/8 of Python", lambda ours, py, lim: py is not None and ours <= py / 8)
        r.declare(Metric(rss_key(n), f"idle RSS, N={n}", "MB", target=target))
        r.declare(Metric(f"idle.pss.{n}", f"idle PSS, N={n}", "MB"))
    r.declare(Metric("idle.bytes_per_program", f"idle RSS per supervised program (N=1→{top})", "KB",
                     sane="finite"))
    for n in p.idle_counts:
        zero = ("0", lambda ours, py, lim: ours == 0)
        r.declare(Metric(f"idle.cpu.{n}", f"idle CPU, N={n}", "ms per 10 s", digits=2, target=zero,
                         sane="nonnegative"))
        r.declare(Metric(f"idle.wakeups.{n}", f"idle wake-ups, N={n}", "per 10 s", target=zero,
                         sane="nonnegative"))


def keys(n):
    return [rss_key(n), f"idle.pss.{n}", f"idle.cpu.{n}", f"idle.wakeups.{n}"]


def measure(ctx, impl_name, daemon, n, rss_by_count):
    """Daemon is up with all N programs running. rss_by_count collects this run's RSS per N."""
    time.sleep(ctx.params.settle_s)  # let start-up work (log flushes, timers) drain
    window = ctx.params.idle_window_s
    cpu0, wake0 = procfs.cpu_seconds(daemon.pid), procfs.voluntary_switches(daemon.pid)
    time.sleep(window)
    cpu1, wake1 = procfs.cpu_seconds(daemon.pid), procfs.voluntary_switches(daemon.pid)
    if daemon.exited():
        raise RuntimeError("daemon exited during the idle window")
    scale = 10.0 / window
    r = ctx.results
    rss = procfs.rss_bytes(daemon.pid)
    rss_by_count[n] = rss
    r.add(rss_key(n), impl_name, rss / 1e6)
    pss = procfs.pss_bytes(daemon.pid)
    if pss is None:
        r.fail(f"idle.pss.{n}", impl_name, "no /proc/PID/smaps_rollup")
    else:
        r.add(f"idle.pss.{n}", impl_name, pss / 1e6)
    r.add(f"idle.cpu.{n}", impl_name, (cpu1 - cpu0) * 1000 * scale)
    r.add(f"idle.wakeups.{n}", impl_name, (wake1 - wake0) * scale)


def record_bytes_per_program(ctx, impl_name, rss_by_count):
    counts = ctx.params.idle_counts
    low, high = min(counts), max(counts)
    if low in rss_by_count and high in rss_by_count:
        ctx.results.add("idle.bytes_per_program", impl_name,
                        (rss_by_count[high] - rss_by_count[low]) / (high - low) / 1e3)
    else:
        ctx.results.fail("idle.bytes_per_program", impl_name, "idle RSS missing for an N")
