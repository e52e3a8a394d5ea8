#!/usr/bin/env python3
"""echo_supervisord_conf: prints etc/sample.conf byte for byte, and Python's Supervisor
4.2.5 and our supervisord read that text to the same effective configuration.

Two files are compared: the sample as printed, and the sample with every commented-out
setting and section switched on (so that each documented key, value and section is read by
both parsers, not just the few active ones). Python's side is the corpus loader
(tests/config/corpus/expected.py, Supervisor's own ServerOptions on a simulated machine);
ours is `supervisord --check-config --json`. Both give the JSON document of
tests/config/corpus/README.md.
"""
import json
import os
import re
import shutil
import subprocess
import tempfile

import harness
from harness import fail

PYTHON = "/usr/bin/python3"  # the interpreter Debian's supervisor package runs under


def python_view(expected_py, conf):
    p = subprocess.run([PYTHON, expected_py, conf], capture_output=True, text=True, timeout=60)
    if p.returncode != 0:
        fail(f"expected.py on {conf} exited {p.returncode}: {p.stderr}")
    # expected.py writes the config's directory as {HERE} (its parent as {HERE}/..).
    here = os.path.dirname(conf)
    text = p.stdout.replace("{HERE}/..", os.path.dirname(here)).replace("{HERE}", here)
    return json.loads(text)


def our_view(supervisord, conf):
    p = subprocess.run([supervisord, "--check-config", "--json", "-c", conf], capture_output=True, text=True,
                       timeout=60)
    try:
        return json.loads(p.stdout)
    except ValueError:
        fail(f"supervisord --check-config --json on {conf} exited {p.returncode}: {p.stdout}{p.stderr}")


def differences(a, b, path=""):
    if type(a) is not type(b):
        return [f"{path}: {a!r} != {b!r}"]
    if isinstance(a, dict):
        return [d for k in sorted(set(a) | set(b)) for d in differences(a.get(k), b.get(k), f"{path}/{k}")]
    if isinstance(a, list):
        if len(a) != len(b):
            return [f"{path}: {len(a)} items != {len(b)} items"]
        return [d for i, (x, y) in enumerate(zip(a, b)) for d in differences(x, y, f"{path}[{i}]")]
    return [] if a == b else [f"{path}: {a!r} != {b!r}"]


def switch_everything_on(text):
    """Uncomments every ";key=value" and ";[section]" line."""
    return re.sub(r"(?m)^;(\[|[a-z_.]+ *=)", r"\1", text)


def compare(expected_py, supervisord, conf, label):
    python = python_view(expected_py, conf)
    ours = our_view(supervisord, conf)
    if "error" in python:
        fail(f"{label}: Python's Supervisor rejects it: {python['error']}")
    diff = differences(python, ours)
    if diff:
        fail(f"{label}: the parsers differ (Python != ours):\n" + "\n".join(diff[:20]))
    groups = [g["name"] for g in python["groups"]]
    print(f"{label}: identical under both parsers ({len(groups)} groups {groups}, "
          f"{len(python['warnings'])} warnings)")
    return python


def test():
    echo = harness.env_path("SUP_ECHO_CONF")
    supervisord = harness.env_path("SUP_SUPERVISORD")
    source = harness.env_path("SUP_SOURCE_DIR")
    expected_py = os.path.join(harness.env_path("SUP_SOURCE_DIR"), "tests", "config", "corpus", "expected.py")
    if not os.path.exists(PYTHON) or subprocess.run([PYTHON, "-c", "import supervisor"]).returncode != 0:
        print("SKIP: Debian's supervisor package (the reference parser) is not installed")
        return harness.SKIP

    printed = subprocess.run([echo, "ignored", "arguments"], capture_output=True, check=True).stdout
    with open(os.path.join(source, "etc", "sample.conf"), "rb") as f:
        if printed != f.read():
            fail("echo_supervisord_conf does not print etc/sample.conf")

    scratch = tempfile.mkdtemp(prefix="sample-conf-")
    try:
        sample = os.path.join(scratch, "supervisord.conf")
        with open(sample, "wb") as f:
            f.write(printed)
        as_printed = compare(expected_py, supervisord, sample, "sample as printed")
        if as_printed["groups"] or not as_printed["supervisord"]["http_servers"]:
            fail("the sample as printed should define a unix server and no program")

        everything = os.path.join(scratch, "everything", "supervisord.conf")
        os.mkdir(os.path.dirname(everything))
        with open(everything, "w") as f:
            f.write(switch_everything_on(printed.decode()))
        full = compare(expected_py, supervisord, everything, "sample with every setting on")
        sections = sorted({p["section"] for g in full["groups"] for p in g["processes"]})
        want = ["eventlistener:theeventlistenername", "fcgi-program:thefcgiprogramname", "program:theprogramname"]
        if sections != want or len(full["supervisord"]["http_servers"]) != 2:
            fail(f"switching everything on should give every kind of program and both servers: {sections}")
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


if __name__ == "__main__":
    harness.main(test)
