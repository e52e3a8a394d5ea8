"""log_throughput: one program (the line_writer probe) writes BYTES of 100-byte lines to
stdout as fast as it can; the daemon logs it with rotation (maxbytes = a tenth of the
total, enough backups to keep everything), beside N idle sleeping programs.

Timed from the writer's own start stamp to the moment the log files hold every byte.
Then the rotated files are joined oldest first and compared, by SHA-256, with the
writer's output: bytes lost must be zero and the content identical. Daemon CPU comes
from /proc over the same span. Logs are deleted after each run.
"""
import hashlib
import os
import shutil
import subprocess
import time

from .. import procfs
from ..daemon import Daemon, sleep_programs
from ..results import Metric
from . import guarded

_expected_digest = {}


def _key(n, what):
    return f"log.{n}.{what}"


def declare(ctx):
    r = ctx.results
    mb = ctx.params.log_bytes / 1e6
    for n in ctx.params.log_idle_counts:
        label = f"log_throughput {mb:.0f} MB, {n} idle programs"
        r.declare(Metric(_key(n, "mbps"), f"{label}: capture rate", "MB/s", better="higher",
                         limit=("pipe_copy_mb_per_s", lambda v: v),
                         target=("≥ 85% of pipe copy",
                                 lambda ours, py, lim: "pipe_copy_mb_per_s" in lim and ours >= 0.85 * lim["pipe_copy_mb_per_s"])))
        r.declare(Metric(_key(n, "cpu"), f"{label}: daemon CPU", "s per GB", digits=3,
                         limit=("pipe_copy_cpu_s_per_gb", lambda v: v),
                         target=("≤ 1.5× C copy",
                                 lambda ours, py, lim: "pipe_copy_cpu_s_per_gb" in lim and ours <= 1.5 * lim["pipe_copy_cpu_s_per_gb"])))
        r.declare(Metric(_key(n, "lost"), f"{label}: bytes lost", "bytes", digits=0,
                         target=("0", lambda ours, py, lim: ours == 0), sane="zero"))
        r.declare(Metric(_key(n, "differs"), f"{label}: runs with content not identical", "runs", digits=0,
                         target=("0", lambda ours, py, lim: ours == 0), sane="zero"))


def _writer_digest(ctx, nbytes):
    """SHA-256 of what the writer produces, computed once per size straight from a pipe."""
    if nbytes not in _expected_digest:
        digest = hashlib.sha256()
        with subprocess.Popen([ctx.probes.path("line_writer"), str(nbytes)], stdout=subprocess.PIPE) as writer:
            for chunk in iter(lambda: writer.stdout.read(1 << 20), b""):
                digest.update(chunk)
        if writer.returncode != 0:
            raise RuntimeError("line_writer failed")
        _expected_digest[nbytes] = digest.hexdigest()
    return _expected_digest[nbytes]


def _log_files_oldest_first(log_dir):
    """writer.log.K … writer.log.1, writer.log: the order rotation leaves them in."""
    names = os.listdir(log_dir)
    rotated = sorted((n for n in names if n.startswith("writer.log.") and n[11:].isdigit()),
                     key=lambda n: -int(n[11:]))
    return [os.path.join(log_dir, n) for n in rotated + (["writer.log"] if "writer.log" in names else [])]


def _logged_bytes(log_dir):
    total = 0
    for path in _log_files_oldest_first(log_dir):
        try:
            total += os.stat(path).st_size
        except FileNotFoundError:  # renamed by a rotation between listdir and stat
            return -1
    return total


def _digest_of(paths):
    digest = hashlib.sha256()
    for path in paths:
        with open(path, "rb") as f:
            for chunk in iter(lambda: f.read(1 << 20), b""):
                digest.update(chunk)
    return digest.hexdigest()


def measure(ctx, impl_name, n):
    keys = [_key(n, w) for w in ("mbps", "cpu", "lost", "differs")]
    if ctx.unavailable[impl_name]:
        for key in keys:
            ctx.results.fail(key, impl_name, ctx.unavailable[impl_name])
        return
    ctx.log(f"{impl_name}: log_throughput beside {n} idle programs")
    guarded(ctx, impl_name, keys, lambda: _run(ctx, impl_name, n))


def _run(ctx, impl_name, n):
    r = capture(ctx, impl_name, n)
    ctx.results.add(_key(n, "mbps"), impl_name, r["mbps"])
    ctx.results.add(_key(n, "cpu"), impl_name, r["cpu"])
    ctx.results.add(_key(n, "lost"), impl_name, r["lost"])
    ctx.results.add(_key(n, "differs"), impl_name, r["differs"])


def capture(ctx, impl_name, n, extra_keys="", unstamp=None):
    """One capture run: MB/s of log file growth, daemon CPU s per GB, bytes lost, content differs.
    `extra_keys` go into the writer's section; `unstamp(line)` turns a logged line back into
    the writer's for the content check (and the byte count) when the daemon adds to lines."""
    nbytes = ctx.params.log_bytes // 100 * 100
    expected = _writer_digest(ctx, nbytes)
    maxbytes = max(1 << 20, nbytes // 10)
    # What the log files hold once every byte is in: stamps make them longer.
    stamp_bytes = len(unstamp.stamp) if unstamp else 0
    logged_target = nbytes + (nbytes // 100) * stamp_bytes
    deadline = ctx.deadline()
    daemon = Daemon(ctx.implementations[impl_name], ctx.scratch, tag=f"-log{n}")
    log_dir = os.path.join(daemon.dir, "writer-logs")
    os.makedirs(log_dir)
    stamp = os.path.join(daemon.dir, "writer.start")
    writer = (f"[program:writer]\ncommand={ctx.probes.path('line_writer')} {nbytes} {stamp}\n"
              "autostart=false\nautorestart=false\nstartsecs=0\n"
              f"stdout_logfile={log_dir}/writer.log\nstdout_logfile_maxbytes={maxbytes}\n"
              f"stdout_logfile_backups={logged_target // maxbytes + 5}\n{extra_keys}")
    daemon.set_programs(sleep_programs(n) + [writer])
    try:
        daemon.start()
        if n:
            daemon.wait_children_running(n, "sleep", deadline)
        daemon.wait_ready(deadline)
        time.sleep(ctx.params.settle_s)
        cpu_before = procfs.cpu_seconds(daemon.pid)
        daemon.call("supervisor.startProcess", "writer", False)
        last_size, last_growth = -1, time.monotonic()
        while True:
            size = _logged_bytes(log_dir)
            now = time.monotonic()
            if size >= logged_target:
                break
            if size != last_size:
                last_size, last_growth = size, now
            elif now - last_growth > 1.0 and os.path.exists(stamp) and _writer_finished(daemon):
                break  # the writer is gone and nothing arrived for a second: bytes were lost
            if now > deadline:
                raise RuntimeError(f"only {size} of {logged_target} bytes logged in time")
            if daemon.exited():
                raise RuntimeError("daemon exited while logging")
            time.sleep(0.005)
        done_at = time.monotonic()
        cpu = procfs.cpu_seconds(daemon.pid) - cpu_before
        with open(stamp) as f:
            started_at = float(f.read())
        while not _writer_finished(daemon) and time.monotonic() < deadline:
            time.sleep(0.01)
        time.sleep(0.1)  # anything past the expected size would be a duplicate; let it land
        paths = _log_files_oldest_first(log_dir)
        logged = sum(os.stat(p).st_size for p in paths)
        digest = _unstamped_digest(paths, unstamp) if unstamp else _digest_of(paths)
        payload = logged - (logged_target - nbytes)
        return {"mbps": logged / 1e6 / (done_at - started_at),
                "payload_mbps": payload / 1e6 / (done_at - started_at),
                "cpu": cpu / (logged / 1e9) if logged else float("inf"),
                "lost": max(0, nbytes - payload),
                "differs": 0 if digest == expected else 1}
    finally:
        daemon.stop()
        shutil.rmtree(daemon.dir, ignore_errors=True)


def _unstamped_digest(paths, unstamp):
    digest = hashlib.sha256()
    rest = b""
    for path in paths:
        with open(path, "rb") as f:
            for chunk in iter(lambda: f.read(1 << 20), b""):
                lines = (rest + chunk).split(b"\n")
                rest = lines.pop()
                for line in lines:
                    digest.update(unstamp(line) + b"\n")
    if rest:
        digest.update(unstamp(rest))
    return digest.hexdigest()


def _writer_finished(daemon):
    return procfs.count_children_running(daemon.pid, "line_writer") == 0
