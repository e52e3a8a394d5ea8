"""What every scenario gets: parameters, scratch dir, probes, results, implementations."""
import dataclasses
import sys
import time

SCENARIO_SECONDS = 60  # the contract: no scenario runs longer than this


@dataclasses.dataclass
class Params:
    runs: int = 3
    idle_counts: tuple = (1, 100, 1000)
    idle_window_s: float = 10.0
    settle_s: float = 2.0
    start_counts: tuple = (100, 1000)
    stop_count: int = 1000
    rpc_counts: tuple = (100, 1000)
    rpc_window_s: float = 2.0
    rpc_min_calls: int = 3
    ctl_counts: tuple = (100, 1000)
    ctl_repeats: int = 3
    log_bytes: int = 500_000_000
    log_idle_counts: tuple = (0, 100)
    storm_window_s: float = 10.0
    spawn_probe_s: float = 2.0

    @classmethod
    def smoke(cls):
        """Small N, one run, short windows: proves the harness works, measures nothing."""
        return cls(runs=1, idle_counts=(1, 10), idle_window_s=1.0, settle_s=0.3,
                   start_counts=(10,), stop_count=10, rpc_counts=(10,), rpc_window_s=0.2,
                   rpc_min_calls=1, ctl_counts=(10,), ctl_repeats=1, log_bytes=20_000_000,
                   log_idle_counts=(0, 10), storm_window_s=3.0, spawn_probe_s=0.3)

    def fleet_counts(self):
        return sorted(set(self.idle_counts) | set(self.start_counts) | {self.stop_count}
                      | set(self.rpc_counts) | set(self.ctl_counts))


class Context:
    def __init__(self, params, scratch_dir, probes, results, implementations, verbose=False, fleet_scratch=None):
        self.params, self.scratch, self.verbose = params, scratch_dir, verbose
        # Where the fleets' daemons (and their 2 x N AUTO child logs) live: a memory filesystem
        # when there is one. On this VM's ext4, creating 2,000 files right after a previous
        # run deleted as many took 0.96 s (0.04 s otherwise, 0.02 s on tmpfs), which would make
        # start_all measure the file system's inode allocator instead of the supervisor.
        self.fleet_scratch = fleet_scratch or scratch_dir
        self.probes, self.results = probes, results
        self.implementations = implementations   # name -> Implementation
        self.unavailable = {name: impl.missing() for name, impl in implementations.items()}

    @staticmethod
    def deadline(seconds=SCENARIO_SECONDS):
        return time.monotonic() + seconds

    @staticmethod
    def log(message):
        print(f"[bench {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)
