"""ctl_status: wall time of `supervisorctl status` with N programs, process start to exit.

Two rows per N: each implementation's supervisorctl against its own daemon, and each
supervisorctl against Python's daemon (so ours is compared with Python's on the same,
slow, server). The output must list all N programs RUNNING.
"""
from ..results import Metric
from . import guarded


def own_key(n):
    return f"ctl_status.own.{n}"


def vs_python_key(n):
    return f"ctl_status.pydaemon.{n}"


def declare(ctx):
    for n in ctx.params.ctl_counts:
        ctx.results.declare(Metric(own_key(n), f"supervisorctl status, N={n}, against its own daemon", "ms",
                                   limit=("harness_exec_floor_ms", lambda floor: floor),
                                   target=("< 10 ms", lambda ours, py, lim: ours < 10)))
    for n in ctx.params.ctl_counts:
        ctx.results.declare(Metric(vs_python_key(n), f"supervisorctl status, N={n}, against Python's daemon", "ms"))


def time_status(ctx, daemon, n, supervisorctl):
    """Median-of-repeats is left to the table: every repeat is one sample."""
    samples = []
    for _ in range(ctx.params.ctl_repeats):
        code, output, seconds = daemon.ctl("status", supervisorctl=supervisorctl)
        running = sum(1 for line in output.splitlines() if " RUNNING " in f" {line} ")
        if code != 0 or running != n:
            raise RuntimeError(f"status exited {code} listing {running} of {n} RUNNING: {output.strip()[-100:]}")
        samples.append(seconds * 1000)
    return samples


def measure(ctx, impl_name, daemon, n):
    """Own supervisorctl against own daemon; on Python's daemon also every ctl against it."""

    def own():
        for ms in time_status(ctx, daemon, n, daemon.impl.supervisorctl):
            ctx.results.add(own_key(n), impl_name, ms)
    guarded(ctx, impl_name, [own_key(n)], own)
    if impl_name != "python":
        return
    for ctl_name, impl in ctx.implementations.items():
        def against_python(impl=impl, ctl_name=ctl_name):
            missing = ctx.unavailable.get(ctl_name)
            if missing:
                raise RuntimeError(missing)
            for ms in time_status(ctx, daemon, n, impl.supervisorctl):
                ctx.results.add(vs_python_key(n), ctl_name, ms)
        guarded(ctx, ctl_name, [vs_python_key(n)], against_python)
