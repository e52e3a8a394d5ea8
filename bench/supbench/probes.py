"""C probes: compiled with cc at run time into the scratch dir.

Some are helper programs the scenarios supervise (line_writer, stamp_exit); the others
measure this machine's physical limits in the same run as the daemons, so each daemon's
numbers can be read as a fraction of what the hardware allows.
"""
import os
import shutil
import subprocess

PROBE_SOURCES = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "probes")
PROBES = ("spawn_rate", "line_writer", "pipe_copy", "stamp_exit", "rpc_floor")


class Probes:
    def __init__(self, scratch_dir):
        self.dir = os.path.join(scratch_dir, "probes")
        os.makedirs(self.dir, exist_ok=True)
        self.paths = {}

    def build(self):
        compiler = os.environ.get("CC") or shutil.which("cc") or shutil.which("gcc")
        if not compiler:
            raise RuntimeError("no C compiler (cc) on PATH")
        for name in PROBES:
            out = os.path.join(self.dir, name)
            subprocess.run([compiler, "-O2", "-o", out, os.path.join(PROBE_SOURCES, name + ".c")],
                           check=True, capture_output=True, text=True)
            self.paths[name] = out

    def path(self, name):
        return self.paths[name]

    def spawn_rate(self, mode, seconds):
        """Starts and reaps of /bin/true per second, via fork+exec or posix_spawn."""
        out = subprocess.run([self.path("spawn_rate"), mode, str(seconds)],
                             check=True, capture_output=True, text=True, timeout=seconds + 30).stdout
        spawns, elapsed = out.split()
        return int(spawns) / float(elapsed)

    def pipe_copy(self, nbytes, work_dir):
        """(MB/s, copier CPU seconds per GB) of copying a line_writer pipe to a file."""
        target = os.path.join(work_dir, "pipe_copy.out")
        try:
            out = subprocess.run([self.path("pipe_copy"), self.path("line_writer"), str(nbytes), target],
                                 check=True, capture_output=True, text=True, timeout=60).stdout
        finally:
            if os.path.exists(target):
                os.unlink(target)
        copied, elapsed, cpu = out.split()
        copied = int(copied)
        if copied != nbytes // 100 * 100:
            raise RuntimeError(f"pipe_copy copied {copied} bytes of {nbytes}")
        return copied / 1e6 / float(elapsed), float(cpu) / (copied / 1e9)
