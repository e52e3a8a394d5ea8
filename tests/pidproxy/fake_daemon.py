#!/usr/bin/env python3
"""A stand-in for a program run through pidproxy.

fake_daemon.py run PIDFILE LOG [--hold]
    Writes its pid to PIDFILE, appends "ready" to LOG, and appends the name of every HUP,
    USR1, USR2, INT, QUIT or TERM it gets. INT, QUIT and TERM end it (exit 0); with --hold,
    only once the file LOG.release exists, so a test can see who waits for it.
fake_daemon.py fork PIDFILE LOG [--hold]
    The same in a child that forks away into a session of its own, while the process that
    was started exits 0 at once: a program that daemonizes itself.
"""
import os
import signal
import sys
import time

STOPS = (signal.SIGINT, signal.SIGQUIT, signal.SIGTERM)


def run(pidfile, log, hold):
    def record(sig, _frame):
        with open(log, "a") as f:
            f.write(signal.Signals(sig).name[3:] + "\n")
        if sig in STOPS:
            while hold and not os.path.exists(log + ".release"):
                time.sleep(0.01)
            os._exit(0)

    for sig in (signal.SIGHUP, signal.SIGUSR1, signal.SIGUSR2) + STOPS:
        signal.signal(sig, record)
    with open(pidfile + ".tmp", "w") as f:
        f.write(f"{os.getpid()}\n")
    os.rename(pidfile + ".tmp", pidfile)
    with open(log, "a") as f:
        f.write("ready\n")
    while True:
        signal.pause()


def main():
    mode, pidfile, log = sys.argv[1:4]
    hold = "--hold" in sys.argv[4:]
    if mode == "fork":
        if os.fork() != 0:
            os._exit(0)
        os.setsid()
    run(pidfile, log, hold)


if __name__ == "__main__":
    main()
