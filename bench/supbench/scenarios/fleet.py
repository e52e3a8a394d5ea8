"""One daemon per (implementation, N, run) with N sleeping programs, reused in turn by the
scenarios that need such a fleet: start_all at launch, then idle (first, before anything
disturbs it), rpc, ctl_status, and stop_all last. Starting Python's daemon with 1,000
programs takes about 9 s, so one daemon per N keeps the whole run short; each scenario
still has its own 60 s deadline.
"""
import shutil

from ..daemon import Daemon, sleep_programs
from . import ctl_status, guarded, idle, rpc_rate, start_stop


def declare(ctx):
    start_stop.declare(ctx)
    idle.declare(ctx)
    rpc_rate.declare(ctx)
    ctl_status.declare(ctx)


def _keys_for(ctx, n):
    p = ctx.params
    keys = []
    if n in p.start_counts:
        keys.append(f"start_all.{n}")
    if n in p.idle_counts:
        keys += idle.keys(n)
    if n in p.rpc_counts:
        keys += rpc_rate.keys(n)
    if n in p.ctl_counts:
        keys.append(ctl_status.own_key(n))
    if n == p.stop_count:
        keys.append(f"stop_all.{n}")
    return keys


def run(ctx, impl_name):
    p = ctx.params
    impl = ctx.implementations[impl_name]
    rss_by_count = {}
    for n in p.fleet_counts():
        keys = _keys_for(ctx, n)
        if ctx.unavailable[impl_name]:
            for key in keys:
                ctx.results.fail(key, impl_name, ctx.unavailable[impl_name])
            if impl_name == "python" and n in p.ctl_counts:
                for name in ctx.implementations:
                    ctx.results.fail(ctl_status.vs_python_key(n), name, "Python's daemon unavailable")
            continue
        ctx.log(f"{impl_name}: fleet of {n} programs")
        daemon = Daemon(impl, ctx.fleet_scratch, sleep_programs(n), tag=f"-fleet{n}")
        try:
            if not guarded(ctx, impl_name, keys,
                           lambda: start_stop.bring_up(ctx, impl_name, daemon, n, ctx.deadline())):
                if impl_name == "python" and n in p.ctl_counts:
                    for name in ctx.implementations:
                        ctx.results.fail(ctl_status.vs_python_key(n), name, "Python's daemon did not come up")
                continue
            if n in p.idle_counts:
                guarded(ctx, impl_name, idle.keys(n), lambda: idle.measure(ctx, impl_name, daemon, n, rss_by_count))
            if n in p.rpc_counts:
                rpc_rate.measure(ctx, impl_name, daemon, n)
            if n in p.ctl_counts:
                ctl_status.measure(ctx, impl_name, daemon, n)
            if n == p.stop_count:
                guarded(ctx, impl_name, [f"stop_all.{n}"],
                        lambda: start_stop.measure_stop_all(ctx, impl_name, daemon, n))
        finally:
            daemon.stop()
            shutil.rmtree(daemon.dir, ignore_errors=True)
    idle.record_bytes_per_program(ctx, impl_name, rss_by_count)
