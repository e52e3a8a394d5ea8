#!/usr/bin/env python3
"""The .deb: built with CPack from this build, checked with dpkg-deb and lintian, then
unpacked into a scratch root and run from there.

From the scratch root, the installed supervisord runs on the installed
/etc/supervisor/supervisord.conf with only its paths rewritten into the root; a program
dropped into conf.d/ (run through the installed pidproxy) starts, is seen by the installed
supervisorctl, stops, and the daemon shuts down. Every installed man page renders with
`man -l` without warnings, and the unit passes `systemd-analyze verify`.
"""
import glob
import os
import re
import shutil
import subprocess
import tempfile

import harness
from harness import fail, until

EXPECTED_FILES = {
    "./etc/supervisor/supervisord.conf": "-rw-r--r--",
    "./etc/supervisor/conf.d/": "drwxr-xr-x",
    "./var/log/supervisor/": "drwxr-xr-x",
    "./lib/systemd/system/supervisor.service": "-rw-r--r--",
    "./usr/bin/supervisord": "-rwxr-xr-x",
    "./usr/bin/supervisorctl": "-rwxr-xr-x",
    "./usr/bin/pidproxy": "-rwxr-xr-x",
    "./usr/bin/echo_supervisord_conf": "-rwxr-xr-x",
    "./usr/share/man/man8/supervisord.8.gz": "-rw-r--r--",
    "./usr/share/man/man1/supervisorctl.1.gz": "-rw-r--r--",
    "./usr/share/man/man5/supervisord.conf.5.gz": "-rw-r--r--",
    "./usr/share/man/man1/echo_supervisord_conf.1.gz": "-rw-r--r--",
    "./usr/share/man/man1/pidproxy.1.gz": "-rw-r--r--",
    "./usr/share/bash-completion/completions/supervisorctl": "-rw-r--r--",
    "./usr/share/zsh/vendor-completions/_supervisorctl": "-rw-r--r--",
    "./usr/share/doc/supervisor-cpp/copyright": "-rw-r--r--",
    "./usr/share/doc/supervisor-cpp/changelog.gz": "-rw-r--r--",
    "./usr/share/doc/supervisor-cpp/README.md": "-rw-r--r--",
    "./usr/share/doc/supervisor-cpp/examples/sample.conf": "-rw-r--r--",
}
# Packages a runtime .deb must not pull in: the test-only set of scripts/setup-deps.
TEST_ONLY = ("supervisor ", "python3", "catch2", "chromium", "perl", "node", "lintian", "pexpect",
             "zsh", "bash-completion", "man-db", "procps", "psmisc")


def run(argv, **kw):
    p = subprocess.run(argv, capture_output=True, text=True, **kw)
    if p.returncode != 0:
        fail(f"{' '.join(argv)} exited {p.returncode}:\n{p.stdout}{p.stderr}")
    return p.stdout


def build_deb(build_dir, out_dir):
    run(["cpack", "-G", "DEB", "--config", os.path.join(build_dir, "CPackConfig.cmake"), "-B", out_dir],
        cwd=build_dir)
    debs = glob.glob(os.path.join(out_dir, "supervisor-cpp_*.deb"))
    if len(debs) != 1:
        fail(f"expected one supervisor-cpp .deb in {out_dir}, found {debs}")
    return debs[0]


def check_control(deb, scratch):
    info = run(["dpkg-deb", "-f", deb])
    fields = dict(re.findall(r"(?m)^([A-Za-z-]+): (.*)$", info))
    want = {"Package": "supervisor-cpp", "Conflicts": "supervisor", "Replaces": "supervisor",
            "Provides": "supervisor (= 4.2.5)", "Section": "admin", "Priority": "optional",
            "Pre-Depends": "init-system-helpers (>= 1.54~)"}
    for key, value in want.items():
        if fields.get(key) != value:
            fail(f"control field {key}: {fields.get(key)!r}, expected {value!r}")
    depends = fields.get("Depends", "")
    if "libc6" not in depends:
        fail(f"Depends does not come from dpkg-shlibdeps: {depends!r}")
    for pkg in TEST_ONLY:
        if pkg.strip() in re.split(r"[ ,|]+", depends):
            fail(f"the runtime package depends on the test-only {pkg.strip()}: {depends!r}")
    control = os.path.join(scratch, "control")
    run(["dpkg-deb", "-e", deb, control])
    for script in ("postinst", "prerm", "postrm"):
        mode = os.stat(os.path.join(control, script)).st_mode & 0o777
        if mode != 0o755:
            fail(f"{script} has mode {mode:o}")
    with open(os.path.join(control, "conffiles")) as f:
        conffiles = f.read().split()
    if conffiles != ["/etc/supervisor/supervisord.conf"]:
        fail(f"conffiles: {conffiles}")
    # Every systemd action is guarded, so installing without systemd starts nothing.
    with open(os.path.join(control, "postinst")) as f:
        postinst = f.read()
    if "[ -d /run/systemd/system ]" not in postinst or "deb-systemd-invoke" not in postinst:
        fail("postinst does not start the unit under systemd only")
    print("control:", {k: fields[k] for k in ("Version", "Depends")})


def check_layout(deb):
    listing = run(["dpkg-deb", "-c", deb])
    entries = {}
    for line in listing.splitlines():
        parts = line.split()
        entries[parts[5]] = (parts[0], parts[1])
    for path, mode in EXPECTED_FILES.items():
        if path not in entries:
            fail(f"{path} is not in the package")
        if entries[path] != (mode, "root/root"):
            fail(f"{path}: {entries[path]}, expected {mode} root/root")
    print(f"layout: {len(entries)} entries, the {len(EXPECTED_FILES)} required ones as expected")


def check_lintian(deb):
    p = subprocess.run(["lintian", deb], capture_output=True, text=True)
    tags = [l for l in (p.stdout + p.stderr).splitlines() if re.match(r"^[EW]: ", l)]
    if tags or p.returncode != 0:
        fail(f"lintian (exit {p.returncode}) reports:\n" + "\n".join(tags or [p.stdout + p.stderr]))
    print("lintian: no errors, no warnings")


def point_into(root, text):
    """The installed config with its three path prefixes moved into the scratch root."""
    for prefix in ("/var/run/", "/var/log/supervisor", "/etc/supervisor/"):
        text = text.replace(prefix, root + prefix)
    return text


def run_from_root(root):
    conf = os.path.join(root, "etc/supervisor/supervisord.conf")
    with open(conf) as f:
        installed = f.read()
    for setting in ("file=/var/run/supervisor.sock", "chmod=0700", "logfile=/var/log/supervisor/supervisord.log",
                    "pidfile=/var/run/supervisord.pid", "childlogdir=/var/log/supervisor",
                    "serverurl=unix:///var/run/supervisor.sock", "files = /etc/supervisor/conf.d/*.conf",
                    "supervisor.rpcinterface_factory = supervisor.rpcinterface:make_main_rpcinterface"):
        if setting not in installed:
            fail(f"the installed supervisord.conf lacks Debian's {setting!r}")
    with open(conf, "w") as f:
        f.write(point_into(root, installed))
    os.makedirs(os.path.join(root, "var/run"), exist_ok=True)
    pidfile = os.path.join(root, "var/run/hello.pid")
    with open(os.path.join(root, "etc/supervisor/conf.d/hello.conf"), "w") as f:
        f.write(f"[program:hello]\n"
                f"command={root}/usr/bin/pidproxy {pidfile} /bin/sh -c 'echo $$ > {pidfile}; exec sleep 1000'\n"
                f"startsecs=0\n")
    bin_dir = os.path.join(root, "usr/bin")
    ctl = [os.path.join(bin_dir, "supervisorctl"), "-c", conf]
    daemon = harness.Daemon([os.path.join(bin_dir, "supervisord")], conf,
                            os.path.join(root, "var/run/supervisor.sock"), os.path.join(root, "daemon.out"))
    try:
        daemon.wait_state("hello", "RUNNING")
        status = subprocess.run(ctl + ["status"], capture_output=True, text=True)
        if status.returncode != 0 or not re.match(r"^hello +RUNNING +pid \d+, uptime ", status.stdout):
            fail(f"supervisorctl status (exit {status.returncode}): {status.stdout!r}")
        target = int(until(lambda: open(pidfile).read().strip() if os.path.exists(pidfile) else "",
                           "the program's pidfile"))
        stop = run(ctl + ["stop", "hello"])
        if stop.strip() != "hello: stopped":
            fail(f"supervisorctl stop hello: {stop!r}")
        if os.path.exists(f"/proc/{target}"):
            fail("pidproxy reported the program stopped while the pidfile's process still exists")
        logs = os.listdir(os.path.join(root, "var/log/supervisor"))
        if "supervisord.log" not in logs or not any(l.startswith("hello-stdout---supervisor-") for l in logs):
            fail(f"logs in the root's /var/log/supervisor: {logs}")
        if run(ctl + ["shutdown"]).strip() != "Shut down":
            fail("supervisorctl shutdown did not say 'Shut down'")
        daemon.proc.wait(20)
        if daemon.proc.returncode != 0:
            fail(f"supervisord exited {daemon.proc.returncode}: {daemon.output()}")
        print("scratch root: supervisord, supervisorctl status/stop/shutdown and a conf.d program work")
    finally:
        daemon.stop()


def check_man_pages(root):
    pages = sorted(glob.glob(os.path.join(root, "usr/share/man/man*/*.gz")))
    names = [os.path.basename(p) for p in pages]
    expected = ["echo_supervisord_conf.1.gz", "pidproxy.1.gz", "supervisorctl.1.gz", "supervisord.conf.5.gz",
                "supervisord.8.gz"]
    if sorted(names) != sorted(expected):
        fail(f"man pages: {names}")
    env = dict(os.environ, MANWIDTH="80", MAN_DISABLE_SECCOMP="1")
    for page in pages:
        p = subprocess.run(["man", "--warnings", "-l", page], capture_output=True, text=True, env=env)
        if p.returncode != 0 or p.stderr.strip() or "NAME" not in p.stdout or "SEE ALSO" not in p.stdout:
            fail(f"man -l {os.path.basename(page)} (exit {p.returncode}): {p.stderr or p.stdout[:300]}")
    print(f"man -l: {len(pages)} pages render without warnings")


def check_unit(root):
    unit = os.path.join(root, "lib/systemd/system/supervisor.service")
    with open(unit) as f:
        text = f.read()
    for line in ("ExecStart=/usr/bin/supervisord -n -c /etc/supervisor/supervisord.conf", "KillMode=process",
                 "ExecReload=/usr/bin/supervisorctl -c /etc/supervisor/supervisord.conf $OPTIONS reload",
                 "WantedBy=multi-user.target"):
        if line not in text.splitlines():
            fail(f"the unit lacks {line!r}")
    if shutil.which("systemd-analyze") is None:
        print("systemd-analyze is not installed: unit not verified")
        return
    # Its Documentation= man pages are looked up with man(1), so point it at the root's.
    env = dict(os.environ, MANPATH=os.path.join(root, "usr/share/man"))
    p = subprocess.run(["systemd-analyze", "verify", unit], capture_output=True, text=True, env=env)
    if p.returncode != 0 or p.stderr.strip():
        fail(f"systemd-analyze verify (exit {p.returncode}): {p.stderr}")
    print("systemd-analyze verify: clean")


def test():
    prefix = os.environ.get("SUP_INSTALL_PREFIX", "")
    if prefix != "/usr":
        print(f"SKIP: the .deb needs CMAKE_INSTALL_PREFIX=/usr (this build: {prefix!r}); "
              "reconfigure with -DCMAKE_INSTALL_PREFIX=/usr")
        return harness.SKIP
    build_dir = harness.env_path("SUP_BUILD_DIR")
    scratch = tempfile.mkdtemp(prefix="package-test-")
    try:
        deb = build_deb(build_dir, scratch)
        check_control(deb, scratch)
        check_layout(deb)
        check_lintian(deb)
        root = os.path.join(scratch, "root")
        run(["dpkg-deb", "-x", deb, root])
        check_unit(root)
        check_man_pages(root)
        run_from_root(root)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


if __name__ == "__main__":
    harness.main(test)
