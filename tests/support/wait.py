"""Waiting in the Python tests: poll the awaited condition until a deadline, never sleep
for a guessed time. Shared by the test areas (tests/rpc, tests/ctl, tests/daemon,
tests/events), which put this folder on sys.path.

wait_for() polls a predicate; read_until() reads a pipe, pty or socket until what has
arrived satisfies a predicate; asleep() is a predicate on a process's state. Both raise TimedOut, naming what they waited for, once the
deadline has passed; nothing here keeps state between calls."""

import os
import select
import time

POLL_INTERVAL = 0.02  # seconds between two looks at a condition


class TimedOut(AssertionError):
    pass


def wait_for(condition, timeout=15.0, what='condition', ignoring=()):
    """Calls condition() until it returns something truthy and returns that. An exception
    of a type in `ignoring` counts as "not yet" (a daemon that is not listening yet)."""
    deadline = time.monotonic() + timeout
    last = None
    while True:
        try:
            value = condition()
            if value:
                return value
            last = value
        except ignoring as error:
            last = error
        if time.monotonic() > deadline:
            raise TimedOut('timed out after %.0f s waiting for %s (last: %r)' % (timeout, what, last))
        time.sleep(POLL_INTERVAL)


def read_until(fd, done, timeout=15.0, what='output', data=b''):
    """Reads file descriptor `fd` (or an object with fileno()) and appends to `data` until
    done(data) holds, then returns data. End of file returns what arrived, done or not:
    the caller's checks say whether it was enough. `what` names the wait in TimedOut."""
    if hasattr(fd, 'fileno'):
        fd = fd.fileno()
    deadline = time.monotonic() + timeout
    while not done(data):
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            raise TimedOut('timed out after %.0f s waiting for %s; got %r' % (timeout, what, data[-400:]))
        readable, _, _ = select.select([fd], [], [], remaining)
        if not readable:
            continue
        try:
            chunk = os.read(fd, 65536)
        except OSError:  # a pty whose child has gone reads as EIO
            chunk = b''
        if not chunk:
            return data
        data += chunk
    return data


def asleep(pid):
    """True while process `pid` sleeps in the kernel (state S in /proc/PID/stat), e.g. a
    client that has handled what arrived and waits for more; False once it has exited."""
    try:
        with open('/proc/%d/stat' % pid) as f:
            return f.read().rpartition(')')[2].split()[0] == 'S'
    except OSError:
        return False
