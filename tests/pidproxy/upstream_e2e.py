#!/usr/bin/python3
"""Supervisor 4.2.5's own pidproxy end-to-end cases (supervisor/tests/test_end_to_end.py,
shipped in Debian's package), run unchanged against our pidproxy.

Upstream spawns `python -m supervisor.pidproxy ARGS` through pexpect; here pexpect.spawn is
wrapped so that exactly that command line runs our binary with the same ARGS, and every
other spawn is refused (a case that spawned something else would not be testing
pidproxy). The cases are selected by name (every test whose name contains "pidproxy"),
so new upstream cases are picked up too; finding none fails.
"""
import os
import sys
import unittest

SKIP = 77

os.environ["END_TO_END"] = "1"  # upstream runs these cases only when asked
try:
    import pexpect
    from supervisor.tests import test_end_to_end as upstream
except ImportError as e:
    print(f"SKIP: {e} (Debian's supervisor and python3-pexpect provide them)")
    sys.exit(SKIP)

OURS = os.environ.get("SUP_PIDPROXY", "")
real_spawn = pexpect.spawn
spawned = []


def spawn_ours(command, args=(), *rest, **kw):
    args = list(args)
    if command != sys.executable or args[:2] != ["-m", "supervisor.pidproxy"]:
        raise AssertionError(f"unexpected spawn in a pidproxy case: {command} {args}")
    spawned.append(args[2:])
    return real_spawn(OURS, args[2:], *rest, **kw)


def main():
    if not OURS or not os.path.exists(OURS):
        print("FAIL: SUP_PIDPROXY does not name our built pidproxy")
        return 1
    upstream.pexpect.spawn = spawn_ours
    names = [n for n in unittest.TestLoader().getTestCaseNames(upstream.EndToEndTests) if "pidproxy" in n]
    if not names:
        print("FAIL: no pidproxy case found in", upstream.__file__)
        return 1
    suite = unittest.TestSuite(upstream.EndToEndTests(n) for n in names)
    result = unittest.TextTestRunner(verbosity=2, stream=sys.stdout).run(suite)
    if len(spawned) != len(names):
        print(f"FAIL: {len(names)} cases but {len(spawned)} pidproxy runs")
        return 1
    print(f"{len(names)} upstream pidproxy cases against {OURS}: {spawned}")
    return 0 if result.wasSuccessful() else 1


if __name__ == "__main__":
    sys.exit(main())
