"""log_stamped (family "stamp"): the log_throughput writer logged by our daemon twice in the
same run, plain and with stdout_logfile_timestamps=iso8601, beside no idle program. Reports
both rates of the child's payload (the writer's bytes; stamps excluded), the ratio (target
≥ 70 %), and checks that the stamped files minus their 30-byte stamps are exactly the
writer's output. Ours only: Python's Supervisor ignores the key.
"""
import re

from ..results import Metric
from . import guarded
from .log_throughput import capture

_STAMP = re.compile(rb"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}[+-]\d\d:\d\d ")
_KEYS = ("stamp.plain_mbps", "stamp.stamped_mbps", "stamp.ratio", "stamp.differs")


class _Unstamp:
    stamp = "2026-12-03T08:30:51.123+00:00 "

    def __call__(self, line):
        # A line without its stamp stays as it is and so fails the digest.
        return line[len(self.stamp):] if _STAMP.match(line) else line


def declare(ctx):
    r = ctx.results
    mb = ctx.params.log_bytes / 1e6
    label = f"log_stamped {mb:.0f} MB"
    r.declare(Metric("stamp.plain_mbps", f"{label}: plain capture (payload)", "MB/s", better="higher"))
    r.declare(Metric("stamp.stamped_mbps", f"{label}: with iso8601 stamps (payload)", "MB/s", better="higher"))
    r.declare(Metric("stamp.ratio", f"{label}: stamped / plain", "%", digits=0, better="higher",
                     target=("≥ 70%", lambda ours, py, lim: ours >= 70)))
    r.declare(Metric("stamp.differs", f"{label}: runs with content not identical", "runs", digits=0,
                     target=("0", lambda ours, py, lim: ours == 0)))


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
