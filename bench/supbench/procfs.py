"""What /proc says about a process: memory, CPU, wake-ups, children, zombies.

Counters are summed over every thread of the process, so a daemon that moved work to a
helper thread cannot hide it.
"""
import os

CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


def _threads(pid):
    try:
        return os.listdir(f"/proc/{pid}/task")
    except FileNotFoundError:
        return []


def _status_fields(path):
    fields = {}
    with open(path) as f:
        for line in f:
            key, _, value = line.partition(":")
            fields[key] = value.strip()
    return fields


def rss_bytes(pid):
    return int(_status_fields(f"/proc/{pid}/status")["VmRSS"].split()[0]) * 1024


def pss_bytes(pid):
    """Proportional set size: shared pages divided among their sharers (None if unavailable)."""
    try:
        with open(f"/proc/{pid}/smaps_rollup") as f:
            for line in f:
                if line.startswith("Pss:"):
                    return int(line.split()[1]) * 1024
    except (FileNotFoundError, PermissionError):
        pass
    return None


def cpu_seconds(pid):
    """User+system CPU of all threads. schedstat has nanoseconds; stat only 10 ms ticks."""
    total_ns = 0
    for tid in _threads(pid):
        try:
            with open(f"/proc/{pid}/task/{tid}/schedstat") as f:
                total_ns += int(f.read().split()[0])
        except (FileNotFoundError, ProcessLookupError):
            continue
        except (OSError, ValueError):
            return _cpu_seconds_from_stat(pid)
    return total_ns / 1e9


def _cpu_seconds_from_stat(pid):
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rpartition(")")[2].split()
    return (int(fields[11]) + int(fields[12])) / CLOCK_TICKS


def voluntary_switches(pid):
    """Times any thread of the process went to sleep and was woken: its wake-ups."""
    total = 0
    for tid in _threads(pid):
        try:
            total += int(_status_fields(f"/proc/{pid}/task/{tid}/status")["voluntary_ctxt_switches"])
        except (FileNotFoundError, ProcessLookupError, KeyError):
            continue
    return total


def children(pid):
    """Direct children of every thread of pid."""
    kids = []
    for tid in _threads(pid):
        try:
            with open(f"/proc/{pid}/task/{tid}/children") as f:
                kids.extend(int(p) for p in f.read().split())
        except (FileNotFoundError, ProcessLookupError):
            continue
    return kids


def state_and_comm(pid):
    """(one-letter state, command name) or None if the process is gone."""
    try:
        with open(f"/proc/{pid}/stat") as f:
            data = f.read()
    except (FileNotFoundError, ProcessLookupError):
        return None
    comm = data[data.index("(") + 1:data.rindex(")")]
    state = data[data.rindex(")") + 2]
    return state, comm


def start_time(pid):
    """Kernel start time in ticks: tells a process from a later one that reused its pid."""
    try:
        with open(f"/proc/{pid}/stat") as f:
            return int(f.read().rpartition(")")[2].split()[19])
    except (FileNotFoundError, ProcessLookupError):
        return None


def count_children_running(pid, comm):
    """Children that have exec'd into `comm` and are not zombies."""
    count = 0
    for kid in children(pid):
        info = state_and_comm(kid)
        if info and info[1] == comm and info[0] != "Z":
            count += 1
    return count


def zombie_children(pid):
    return {kid for kid in children(pid) if (state_and_comm(kid) or ("", ""))[0] == "Z"}


def descendants(pid):
    """All descendants with their start times, for stopping them by pid later."""
    found, queue = {}, [pid]
    while queue:
        for kid in children(queue.pop()):
            if kid not in found:
                found[kid] = start_time(kid)
                queue.append(kid)
    return found


def processes_mentioning(text):
    """Pids whose environment or command line contains text (bytes): finds what a daemon
    started even after the daemon died and its children were reparented. Supervisors put
    SUPERVISOR_SERVER_URL=unix://<socket in the daemon's dir> into every child."""
    found = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit() or int(entry) == os.getpid():
            continue
        for part in ("environ", "cmdline"):
            try:
                with open(f"/proc/{entry}/{part}", "rb") as f:
                    if text in f.read():
                        found.append(int(entry))
                        break
            except (FileNotFoundError, ProcessLookupError, PermissionError):
                break
    return found


def memory_filesystem():
    """/dev/shm when /proc/mounts shows it is a tmpfs we can write to, else None."""
    try:
        with open("/proc/mounts") as f:
            mounted = any(line.split()[1:3] == ["/dev/shm", "tmpfs"] for line in f)
    except OSError:
        return None
    return "/dev/shm" if mounted and os.access("/dev/shm", os.W_OK) else None
