"""start_all and stop_all: bringing N sleeping programs up at launch, and down with
`supervisorctl stop all`.

start_all is the wall time from exec of the daemon until /proc shows all N children
exec'd into sleep; it counts only once getAllProcessInfo confirms all N RUNNING (that
confirmation is not timed: for Python at N=1,000 one call takes over a second). The
machine limit is N fork+exec+wait of /bin/true at the C probe's rate.
"""
from .. import procfs
from ..results import Metric


def declare(ctx):
    p, r = ctx.params, ctx.results
    top = max(p.start_counts)
    for n in p.start_counts:
        target = None
        if n == top:
            target = ("≤ 1.5× N fork+exec",
                      lambda ours, py, lim, n=n: "fork_exec_per_s" in lim and ours <= 1.5 * n / lim["fork_exec_per_s"])
        r.declare(Metric(f"start_all.{n}", f"start_all: launch to all RUNNING, N={n}", "s", digits=3,
                         limit=("fork_exec_per_s", lambda rate, n=n: n / rate), target=target))
    r.declare(Metric(f"stop_all.{p.stop_count}", f"stop_all: supervisorctl stop all, N={p.stop_count}", "s",
                     digits=3, target=("< 0.2 s", lambda ours, py, lim: ours < 0.2)))


def bring_up(ctx, impl_name, daemon, n, deadline):
    """Starts the daemon and waits for all N RUNNING; records start_all if N is measured."""
    daemon.start()
    all_running_at = daemon.wait_children_running(n, "sleep", deadline)
    daemon.wait_ready(deadline)
    daemon.wait_all_states(n, "RUNNING", deadline)
    if n in ctx.params.start_counts:
        ctx.results.add(f"start_all.{n}", impl_name, all_running_at - daemon.launched_at)


def measure_stop_all(ctx, impl_name, daemon, n):
    code, output, seconds = daemon.ctl("stop", "all")
    if code != 0:
        raise RuntimeError(f"supervisorctl stop all exited {code}: {output.strip()[-120:]}")
    stopped = output.count("stopped")
    still_running = procfs.count_children_running(daemon.pid, "sleep")
    if stopped < n or still_running:
        raise RuntimeError(f"stop all returned with {stopped} reported stopped, {still_running} still running")
    ctx.results.add(f"stop_all.{n}", impl_name, seconds)
