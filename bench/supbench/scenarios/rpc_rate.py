"""rpc: getAllProcessInfo and getState, calls per second and median latency, with N
programs, over one kept-alive HTTP/1.1 connection and over a new connection per call.

Each measurement runs for the window or until a minimum number of calls, whichever is
later (Python needs over a second per getAllProcessInfo at N=1,000), capped well under
the scenario bound. The first reply of each is parsed and checked; the rest are only read.
"""
from .. import rpc
from ..results import Metric
from . import guarded

METHODS = ("getAllProcessInfo", "getState")
MODES = (("keepalive", "kept-alive connection"), ("newconn", "new connection per call"))
MAX_SECONDS_PER_MEASUREMENT = 12.0


def _key(method, mode, n, what):
    return f"rpc.{method}.{mode}.{n}.{what}"


def declare(ctx):
    r = ctx.results
    top = max(ctx.params.rpc_counts)
    for method in METHODS:
        for n in ctx.params.rpc_counts:
            for mode, mode_label in MODES:
                latency_target = rate_target = None
                if method == "getState":
                    latency_target = ("< 0.2 ms", lambda ours, py, lim: ours < 0.2)
                elif n == top:
                    latency_target = ("≥ 100× faster than Python",
                                      lambda ours, py, lim: py is not None and ours * 100 <= py)
                    rate_target = ("≥ 100× Python", lambda ours, py, lim: py is not None and ours >= 100 * py)
                r.declare(Metric(_key(method, mode, n, "rate"), f"{method}, N={n}, {mode_label}", "calls/s",
                                 better="higher", target=rate_target))
                r.declare(Metric(_key(method, mode, n, "latency"), f"{method}, N={n}, {mode_label}: median latency",
                                 "ms", digits=3, target=latency_target,
                                 limit=(f"rpc_floor_{mode}_ms", lambda floor: floor) if method == "getState" else None))


def keys(n):
    return [_key(m, mode, n, what) for m in METHODS for mode, _ in MODES for what in ("rate", "latency")]


def _check_reply(method, body, n):
    result = rpc.parse_reply(body)
    if method == "getAllProcessInfo" and (not isinstance(result, list) or len(result) != n):
        raise rpc.RpcError(f"getAllProcessInfo returned {len(result) if isinstance(result, list) else result!r}")
    if method == "getState" and not (isinstance(result, dict) and result.get("statename") == "RUNNING"):
        raise rpc.RpcError(f"getState returned {result!r}")


def measure(ctx, impl_name, daemon, n):
    for method in METHODS:
        for mode, _ in MODES:
            def one(method=method, mode=mode):
                keep_alive = mode == "keepalive"
                rate, latency = rpc.time_calls(
                    daemon.socket, rpc.request_bytes(f"supervisor.{method}", keep_alive=keep_alive), keep_alive,
                    ctx.params.rpc_window_s, ctx.params.rpc_min_calls, MAX_SECONDS_PER_MEASUREMENT,
                    check=lambda body: _check_reply(method, body, n))
                ctx.results.add(_key(method, mode, n, "rate"), impl_name, rate)
                ctx.results.add(_key(method, mode, n, "latency"), impl_name, latency)
            guarded(ctx, impl_name, [_key(method, mode, n, w) for w in ("rate", "latency")], one)
