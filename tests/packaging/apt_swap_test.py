#!/usr/bin/env python3
"""`apt install ./supervisor-cpp_*.deb` over Debian's supervisor, in a copy-on-write root.

This machine has Debian's supervisor installed (the reference peer of the other tests) and
must keep it, so the swap happens in an overlay: this machine's root as the read-only lower
layer, a tmpfs as the upper one, mounted in a private mount namespace and entered with
chroot. Nothing reaches the real root, and the overlay vanishes with the namespace. /run is
a fresh tmpfs there, so no systemd is seen: the maintainer scripts must install without
starting anything.

Two swaps, each in a fresh overlay:
1. supervisord.conf as Debian shipped it: apt removes supervisor (its conffiles stay, as
   after `apt remove`), installs ours, and dpkg replaces the untouched conffile without a
   question. The unit's ExecStart, ExecReload and ExecStop lines then run as written, with a
   conf.d program, and plain `supervisorctl status` finds the daemon through the default
   config search.
2. supervisord.conf edited and supervisor.service disabled by the admin, apt told to keep
   local files (--force-confdef --force-confold): the edited file stays, ours lands
   beside it as supervisord.conf.dpkg-dist, and the service stays disabled.

Needs root, unshare(1), overlayfs and Debian's supervisor installed; exits 77 otherwise.
"""
import os
import re
import shlex
import shutil
import subprocess
import sys
import tempfile

import harness
from harness import fail
from package_test import build_deb

INSIDE = "SUP_APT_SWAP_INSIDE"
EDITED_LINE = "; edited by the admin\n"


def sh(argv, **kw):
    p = subprocess.run(argv, capture_output=True, text=True, **kw)
    if p.returncode != 0:
        fail(f"{' '.join(argv)} exited {p.returncode}:\n{p.stdout}{p.stderr}")
    return p.stdout


class Overlay:
    """This machine's / as a copy-on-write tree under `base`/merged (needs a private mount
    namespace: the mounts are never unmounted, they end with it)."""

    def __init__(self, base, deb):
        os.makedirs(base)
        sh(["mount", "-t", "tmpfs", "tmpfs", base])
        for d in ("upper", "work", "merged"):
            os.mkdir(os.path.join(base, d))
        self.root = os.path.join(base, "merged")
        sh(["mount", "-t", "overlay", "overlay", "-o",
            f"lowerdir=/,upperdir={base}/upper,workdir={base}/work", self.root])
        sh(["mount", "-t", "proc", "proc", self.root + "/proc"])
        sh(["mount", "--rbind", "/dev", self.root + "/dev"])
        for d in ("/run", "/tmp"):
            sh(["mount", "-t", "tmpfs", "tmpfs", self.root + d])
        self.deb = "/tmp/" + os.path.basename(deb)
        shutil.copy(deb, self.root + self.deb)

    def path(self, p):
        return self.root + p

    def run(self, command, check=True):
        p = subprocess.run(["chroot", self.root, "/bin/sh", "-c", "cd / && " + command],
                           capture_output=True, text=True, timeout=120,
                           env=dict(os.environ, DEBIAN_FRONTEND="noninteractive"))
        if check and p.returncode != 0:
            fail(f"in the overlay, {command!r} exited {p.returncode}:\n{p.stdout}{p.stderr}")
        return p

    def status(self, package):
        return self.run(f"dpkg-query -W -f='${{Status}}' {package}", check=False).stdout

    def apt_install(self, options=""):
        return self.run(f"apt-get install -y --no-install-recommends {options} {self.deb}")


def unit_line(overlay, key):
    with open(overlay.path("/lib/systemd/system/supervisor.service")) as f:
        for line in f:
            if line.startswith(key + "="):
                # $OPTIONS is never set (no EnvironmentFile), so systemd expands it to nothing.
                return line.split("=", 1)[1].strip().replace("$OPTIONS", "").split()
    fail(f"the unit has no {key}=")


def check_swapped(overlay, enabled=True):
    if overlay.status("supervisor-cpp") != "install ok installed":
        fail(f"supervisor-cpp is {overlay.status('supervisor-cpp')!r}")
    if overlay.status("supervisor") != "deinstall ok config-files":
        fail(f"Debian's supervisor is {overlay.status('supervisor')!r} (expected removed, conffiles kept)")
    owner = overlay.run("dpkg-query -S /usr/bin/supervisord").stdout.split(":")[0]
    if owner != "supervisor-cpp":
        fail(f"/usr/bin/supervisord belongs to {owner}")
    if os.path.exists(overlay.path("/run/supervisor.sock")) or os.path.exists(overlay.path("/run/supervisord.pid")):
        fail("installing without systemd started a daemon")
    wants = overlay.path("/etc/systemd/system/multi-user.target.wants/supervisor.service")
    if enabled and (not os.path.islink(wants) or os.readlink(wants) != "/lib/systemd/system/supervisor.service"):
        fail("supervisor.service is not enabled")
    if not enabled and os.path.lexists(wants):
        fail("supervisor.service was disabled before the swap, and is enabled after it")


def run_unit_lines(overlay):
    """ExecStart, ExecReload and ExecStop of the installed unit, run as written."""
    with open(overlay.path("/etc/supervisor/conf.d/hello.conf"), "w") as f:
        f.write("[program:hello]\ncommand=/bin/sleep 1000\nstartsecs=0\n")
    out = os.path.join(os.path.dirname(overlay.root), "daemon.out")
    with open(out, "wb") as log:
        proc = subprocess.Popen(["chroot", overlay.root] + unit_line(overlay, "ExecStart"), stdout=log,
                                stderr=subprocess.STDOUT)
    daemon = harness.Watched(overlay.path("/run/supervisor.sock"), proc, out)
    try:
        first = daemon.wait_state("hello", "RUNNING")
        status = overlay.run("supervisorctl status", check=False)
        if status.returncode != 0 or not re.match(r"^hello +RUNNING ", status.stdout):
            fail(f"supervisorctl status without -c (exit {status.returncode}): {status.stdout}{status.stderr}")
        reload = overlay.run(shlex.join(unit_line(overlay, "ExecReload")))
        if reload.stdout.strip() != "Restarted supervisord":
            fail(f"ExecReload said {reload.stdout!r}")
        harness.until(lambda: (daemon.state_of("hello") or {}).get("pid") not in (None, 0, first["pid"]),
                      "hello to run again after the reload")
        stop = overlay.run(shlex.join(unit_line(overlay, "ExecStop")))
        if stop.stdout.strip() != "Shut down":
            fail(f"ExecStop said {stop.stdout!r}")
        if proc.wait(30) != 0:
            fail(f"supervisord exited {proc.returncode}: {daemon.output()}")
        print("ExecStart, supervisorctl status, ExecReload and ExecStop work as written")
    finally:
        if proc.poll() is None:
            harness.kill_quietly(proc.pid)
            proc.wait()


def swap_pristine(base, deb):
    overlay = Overlay(base, deb)
    before = overlay.run("dpkg-query -W -f='${Conffiles}' supervisor").stdout
    debian_hash = re.search(r"/etc/supervisor/supervisord.conf (\w+)", before).group(1)
    if sh(["md5sum", overlay.path("/etc/supervisor/supervisord.conf")]).split()[0] != debian_hash:
        print("SKIP: this machine's /etc/supervisor/supervisord.conf is not Debian's as shipped")
        return harness.SKIP
    result = overlay.apt_install()
    if "Removing supervisor" not in result.stdout:
        fail("apt did not remove Debian's supervisor:\n" + result.stdout)
    check_swapped(overlay)
    with open(overlay.path("/etc/supervisor/supervisord.conf")) as f:
        if "supervisor-cpp package" not in f.read():
            fail("the untouched supervisord.conf was not replaced by ours")
    if os.path.exists(overlay.path("/etc/supervisor/supervisord.conf.dpkg-dist")):
        fail("dpkg treated the untouched supervisord.conf as edited")
    print("pristine supervisord.conf: swapped without a question, conffile replaced")
    run_unit_lines(overlay)
    return 0


def swap_edited(base, deb):
    overlay = Overlay(base, deb)
    conf = overlay.path("/etc/supervisor/supervisord.conf")
    with open(conf, "a") as f:
        f.write(EDITED_LINE)
    # This admin also disabled the service: the choice must survive the swap.
    overlay.run("systemctl disable supervisor.service")
    overlay.apt_install("-o Dpkg::Options::=--force-confdef -o Dpkg::Options::=--force-confold")
    check_swapped(overlay, enabled=False)
    with open(conf) as f:
        if not f.read().endswith(EDITED_LINE):
            fail("the edited supervisord.conf was not kept")
    with open(conf + ".dpkg-dist") as f:
        if "supervisor-cpp package" not in f.read():
            fail("our supervisord.conf is not beside the edited one as .dpkg-dist")
    print("edited supervisord.conf: kept, ours saved as supervisord.conf.dpkg-dist; disabled unit stays disabled")


def inside(deb, scratch):
    status = swap_pristine(os.path.join(scratch, "pristine"), deb)
    if status:
        return status
    swap_edited(os.path.join(scratch, "edited"), deb)
    return 0


def test():
    if os.environ.get(INSIDE):
        return inside(sys.argv[1], sys.argv[2])
    if os.environ.get("SUP_INSTALL_PREFIX") != "/usr":
        print("SKIP: the .deb needs CMAKE_INSTALL_PREFIX=/usr")
        return harness.SKIP
    if os.geteuid() != 0 or shutil.which("unshare") is None or shutil.which("apt-get") is None:
        print("SKIP: needs root, unshare(1) and apt-get")
        return harness.SKIP
    installed = subprocess.run(["dpkg-query", "-W", "-f=${Status}", "supervisor"], capture_output=True, text=True)
    if installed.stdout != "install ok installed":
        print("SKIP: Debian's supervisor is not installed, so there is nothing to replace")
        return harness.SKIP
    probe = subprocess.run(["unshare", "-m", "--propagation", "private", "true"], capture_output=True, text=True)
    if probe.returncode != 0:
        print("SKIP: unshare -m is not permitted here:", probe.stderr.strip())
        return harness.SKIP
    scratch = tempfile.mkdtemp(prefix="apt-swap-")
    try:
        deb = build_deb(harness.env_path("SUP_BUILD_DIR"), scratch)
        return subprocess.run(["unshare", "-m", "--propagation", "private", sys.executable, __file__, deb, scratch],
                              env=dict(os.environ, **{INSIDE: "1"})).returncode
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


if __name__ == "__main__":
    harness.main(test)
