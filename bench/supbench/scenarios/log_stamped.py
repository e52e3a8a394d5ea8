"""log_stamped (family "stamp"): the log_throughput writer logged by our daemon twice in the
same run, plain and with stdout_logfile_timestamps=iso8601, beside no idle program. Reports
both rates of the child's payload (the writer's bytes; stamps excluded), the ratio (target
≥ 70 %), and checks that the stamped files minus their 30-byte stamps are exactly the
writer's output. Then idle wake-ups of a daemon whose 10 programs have stamps, the name
prefix, hourly rotation and gzip set, each having written a line and a partial line: the
timers these options need must not wake an idle daemon (target 0). Ours only: Python's
Supervisor ignores the keys.
"""
import os
import re
import shutil
import time

from .. import procfs
from ..daemon import Daemon

from ..results import Metric
from . import guarded
from .log_throughput import capture

_STAMP = re.compile(rb"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}[+-]\d\d:\d\d ")
_KEYS = ("stamp.plain_mbps", "stamp.stamped_mbps", "stamp.ratio", "stamp.differs", "stamp.idle_wakeups")
_IDLE_PROGRAMS = 10


class _Unstamp:
    stamp = "2026-12-03T08:30:51.123+00:00 "

    def __call__(self, line):
        # A line without its stamp stays as it is and so fails the digest.
        return line[len(self.stamp):] if _STAMP.match(line) else line


def declare(ctx):
    r = ctx.results
    mb = ctx.params.log_bytes / 1e6
    label = f"log_stamped {mb:.0f} MB"
    r.declare(Metric("stamp.plain_mbps", f"{label}: plain capture (payload)", "MB/s", better="higher", ours_only=True))
    r.declare(Metric("stamp.stamped_mbps", f"{label}: with iso8601 stamps (payload)", "MB/s", better="higher", ours_only=True))
    r.declare(Metric("stamp.ratio", f"{label}: stamped / plain", "%", digits=0, better="higher",
                     target=("≥ 70%", lambda ours, py, lim: ours >= 70), ours_only=True))
    r.declare(Metric("stamp.differs", f"{label}: runs with content not identical", "runs", digits=0,
                     target=("0", lambda ours, py, lim: ours == 0), sane="zero", ours_only=True))
    r.declare(Metric("stamp.idle_wakeups", f"idle wake-ups, {_IDLE_PROGRAMS} programs with stamps, prefix, "
                     "hourly rotation and gzip", "per 10 s", target=("0", lambda ours, py, lim: ours == 0),
                     sane="nonnegative", ours_only=True))


def measure(ctx, impl_name):
    if impl_name != "ours":
        return
    if ctx.unavailable[impl_name]:
        for key in _KEYS:
            ctx.results.fail(key, impl_name, ctx.unavailable[impl_name])
        return
    ctx.log(f"{impl_name}: log_stamped, plain then stamped")
    guarded(ctx, impl_name, list(_KEYS), lambda: _run(ctx, impl_name))


def _run(ctx, impl_name):
    plain = capture(ctx, impl_name, 0)
    stamped = capture(ctx, impl_name, 0, extra_keys="stdout_logfile_timestamps=iso8601\n", unstamp=_Unstamp())
    ctx.results.add("stamp.plain_mbps", impl_name, plain["payload_mbps"])
    ctx.results.add("stamp.stamped_mbps", impl_name, stamped["payload_mbps"])
    ctx.results.add("stamp.ratio", impl_name, 100.0 * stamped["payload_mbps"] / plain["payload_mbps"])
    ctx.results.add("stamp.differs", impl_name, plain["differs"] + stamped["differs"] + stamped["lost"])
    ctx.results.add("stamp.idle_wakeups", impl_name, _idle_wakeups(ctx, impl_name))


def _idle_wakeups(ctx, impl_name):
    daemon = Daemon(ctx.implementations[impl_name], ctx.scratch, tag="-stampidle")
    programs = []
    for i in range(_IDLE_PROGRAMS):
        programs.append(f"[program:quiet{i}]\ncommand=/bin/sh -c \"echo ready; printf partial; exec sleep 100000\"\n"
                        f"stdout_logfile={daemon.dir}/quiet{i}.log\nstdout_logfile_timestamps=iso8601\n"
                        "stdout_logfile_prefix=true\nstdout_logfile_rotate_every=hourly\n"
                        "stdout_logfile_compress=true\nstartsecs=0\n")
    daemon.set_programs(programs)
    deadline = ctx.deadline()
    try:
        daemon.start()
        daemon.wait_children_running(_IDLE_PROGRAMS, "sleep", deadline)
        daemon.wait_ready(deadline)
        time.sleep(ctx.params.settle_s)  # the partial lines are flushed 200 ms after they came
        window = ctx.params.idle_window_s
        wake0 = procfs.voluntary_switches(daemon.pid)
        time.sleep(window)
        wake1 = procfs.voluntary_switches(daemon.pid)
        for i in range(_IDLE_PROGRAMS):
            with open(os.path.join(daemon.dir, f"quiet{i}.log"), "rb") as f:
                if not f.read().endswith(b" partial"):
                    raise RuntimeError(f"quiet{i}: the held partial line was not written")
        return (wake1 - wake0) * 10.0 / window
    finally:
        daemon.stop()
        shutil.rmtree(daemon.dir, ignore_errors=True)
