"""The machine's physical limits, measured by the C probes once per run, between the
daemons' scenarios, so the limits and the daemons see the same machine state."""
import os
import signal
import statistics
import subprocess
import time

from .. import rpc


def measure(ctx):
    p = ctx.params
    ctx.log("machine limits (C probes)")
    ctx.results.add_limit("fork_exec_per_s", ctx.probes.spawn_rate("fork", p.spawn_probe_s))
    ctx.results.add_limit("posix_spawn_per_s", ctx.probes.spawn_rate("posix_spawn", p.spawn_probe_s))
    mb_per_s, cpu_per_gb = ctx.probes.pipe_copy(p.log_bytes, ctx.scratch)
    ctx.results.add_limit("pipe_copy_mb_per_s", mb_per_s)
    ctx.results.add_limit("pipe_copy_cpu_s_per_gb", cpu_per_gb)
    ctx.results.add_limit("harness_exec_floor_ms", _harness_exec_floor_ms())
    keepalive_ms, newconn_ms = _rpc_floor_ms(ctx)
    ctx.results.add_limit("rpc_floor_keepalive_ms", keepalive_ms)
    ctx.results.add_limit("rpc_floor_newconn_ms", newconn_ms)


def _harness_exec_floor_ms(repeats=20):
    """What timing a command from this harness costs by itself: the floor under every
    supervisorctl timing (a ctl that does nothing at all would still take this long)."""
    samples = []
    for _ in range(repeats):
        started = time.monotonic()
        subprocess.run(["/bin/true"], stdin=subprocess.DEVNULL, capture_output=True, check=True)
        samples.append((time.monotonic() - started) * 1000)
    return statistics.median(samples)


def _rpc_floor_ms(ctx):
    """Median getState latency against the rpc_floor probe (a server that does nothing),
    kept-alive and new connection: the harness's own share of every RPC latency."""
    socket_path = os.path.join(ctx.scratch, "rpc_floor.sock")
    if os.path.exists(socket_path):
        os.unlink(socket_path)  # the previous run's: connecting to it would be refused
    server = subprocess.Popen([ctx.probes.path("rpc_floor"), socket_path])
    try:
        deadline = time.monotonic() + 5
        while True:
            try:
                rpc.UnixHttpConnection(socket_path, timeout=1.0).close()
                break
            except OSError:
                if time.monotonic() > deadline or server.poll() is not None:
                    raise RuntimeError("rpc_floor probe did not start") from None
                time.sleep(0.005)
        window = ctx.params.rpc_window_s
        results = []
        for keep_alive in (True, False):
            request = rpc.request_bytes("supervisor.getState", keep_alive=keep_alive)
            results.append(rpc.time_calls(socket_path, request, keep_alive, window, 1, window + 1)[1])
        return tuple(results)
    finally:
        server.send_signal(signal.SIGKILL)
        server.wait()


def warm_page_cache(ctx):
    """Writes and deletes a file twice the size of the log scenarios' output. On a VM the
    first touch of guest memory is slow (the host backs it then), which made the first
    log run several times slower than the next; after this the page cache the logs
    land in is memory already touched, for the probe and both daemons alike."""
    path = os.path.join(ctx.scratch, "warm-up")
    block = b"\0" * (1 << 20)
    try:
        with open(path, "wb") as f:
            for _ in range(2 * ctx.params.log_bytes // len(block)):
                f.write(block)
    finally:
        os.unlink(path)
