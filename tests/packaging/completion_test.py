#!/usr/bin/env python3
"""Shell completion of supervisorctl (etc/completion/): bash through the bash-completion
package, zsh through its completion system driven in a pty (zsh/zpty), both asking our
supervisord, started on a scratch config, for the live process and group names.

bash: COMP_WORDS is split as readline splits a line (":" and "=" are words of their own),
then _supervisorctl runs and COMPREPLY is compared. zsh: the line is typed into an
interactive zsh, a key bound to complete-word completes it, and every word the
completion functions hand to compadd and that matches is recorded.
"""
import os
import re
import shutil
import subprocess
import tempfile

import harness
from harness import fail, until

BASH_COMPLETION = "/usr/share/bash-completion/bash_completion"
CONFIG = """\
[unix_http_server]
file={dir}/supervisor.sock

[supervisord]
logfile={dir}/supervisord.log
pidfile={dir}/supervisord.pid
childlogdir={dir}

[rpcinterface:supervisor]
supervisor.rpcinterface_factory = supervisor.rpcinterface:make_main_rpcinterface

[supervisorctl]
serverurl=unix://{dir}/supervisor.sock

[program:web]
command=sleep 1000
startsecs=0

[program:ga]
command=sleep 1000
startsecs=0

[program:gb]
command=sleep 1000
autostart=false

[group:grp]
programs=ga,gb
"""
SIGNALS = ["CONT", "HUP", "INT", "KILL", "QUIT", "STOP", "TERM", "USR1", "USR2"]


def cases(conf, sock):
    """(line typed so far, expected bash COMPREPLY, expected zsh matches)."""
    c = f"supervisorctl -c {conf} "
    names = ["all", "grp:*", "grp:ga", "grp:gb", "web"]
    return [
        (c + "st", ["start", "status", "stop"], ["start", "status", "stop"]),
        (c + "start ", names, names),
        # bash leaves "grp:" on the line and completes what follows (__ltrim_colon_completions).
        (c + "stop grp:", ["*", "ga", "gb"], ["grp:*", "grp:ga", "grp:gb"]),
        (c + "status web ", names, names),
        (c + "update ", ["all", "grp", "web"], ["all", "grp", "web"]),
        (c + "tail web ", ["stderr", "stdout"], ["stderr", "stdout"]),
        (c + "tail -f ", ["grp:*", "grp:ga", "grp:gb", "web"], ["grp:*", "grp:ga", "grp:gb", "web"]),
        (c + "signal ", SIGNALS, SIGNALS),
        (c + "signal HUP w", ["web"], ["web"]),
        (c + "help re", ["reload", "remove", "reread", "restart"], ["reload", "remove", "reread", "restart"]),
        # -s on the line is the daemon asked, not the config's [supervisorctl].
        (f"supervisorctl -s unix://{sock} start w", ["web"], ["web"]),
        # No daemon behind this config: only the keyword is left.
        ("supervisorctl -c /nonexistent/supervisord.conf start ", ["all"], ["all"]),
    ]


def readline_words(line):
    """COMP_WORDS and COMP_CWORD as bash builds them for `line` (cursor at the end)."""
    words = []
    for token in line.split(" "):
        words.extend(t for t in re.split(r"([:=]+)", token) if t)
    if line.endswith(" "):
        words.append("")
    return words, len(words) - 1


def bash_quote(word):
    return "'" + word.replace("'", "'\\''") + "'"


def bash_results(script, lines, path_env):
    body = [f"source {BASH_COMPLETION}", f"source {script}"]
    for line in lines:
        words, cword = readline_words(line)
        body += [f"COMP_LINE={bash_quote(line)}; COMP_POINT=${{#COMP_LINE}}",
                 "COMP_WORDS=(" + " ".join(bash_quote(w) for w in words) + ")", f"COMP_CWORD={cword}",
                 "COMPREPLY=(); _supervisorctl", 'printf "%s\\n" "${COMPREPLY[@]}"; echo "-- end"']
    p = subprocess.run(["bash", "--norc", "--noprofile", "-c", "\n".join(body)], capture_output=True, text=True,
                       timeout=60, env=dict(os.environ, PATH=path_env))
    if p.returncode != 0:
        fail(f"bash exited {p.returncode}: {p.stderr}")
    blocks = p.stdout.split("-- end\n")[:-1]
    return [sorted(w for w in b.split("\n") if w) for b in blocks]


def zsh_results(completion_dir, lines, path_env, scratch):
    results = []
    for i, line in enumerate(lines):
        out = os.path.join(scratch, f"zsh-{i}.out")
        driver = f"""
zmodload zsh/zpty
zpty z 'TERM=dumb zsh -f -i'
zpty -w z 'fpath=({completion_dir} $fpath); autoload -U compinit; compinit -u -D'
zpty -w z 'compadd() {{ local -a hits; builtin compadd -O hits "$@"; (( $#hits )) && print -rl -- "${{hits[@]}}" >> {out}; builtin compadd "$@"; }}'
zpty -w z 'capture() {{ zle complete-word; print -- "-- end" >> {out}; }}; zle -N capture; bindkey "^T" capture'
zpty -w -n z {bash_quote(line)}$'\\x14'
"""
        # The driver keeps the pty shell alive while the completion runs; it ends once the
        # end marker is there (zpty -d then closes the shell).
        proc = subprocess.Popen(["zsh", "-f", "-c", driver + f"\nwhile [[ ! -s {out} ]] || ! grep -q -- '-- end' {out}; "
                                 "do sleep 0.02; done\nzpty -d z"], env=dict(os.environ, PATH=path_env),
                                stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        try:
            proc.wait(30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
            fail(f"zsh did not complete {line!r}: {proc.stdout.read().decode(errors='replace')}")
        with open(out) as f:
            results.append(sorted(set(w for w in f.read().split("\n") if w and w != "-- end")))
    return results


def test():
    for tool, why in (("bash", "bash"), ("zsh", "zsh")):
        if shutil.which(tool) is None:
            fail(f"{why} is not installed (scripts/setup-deps installs it)")
    if not os.path.exists(BASH_COMPLETION):
        fail("the bash-completion package is not installed (scripts/setup-deps installs it)")
    source = harness.env_path("SUP_SOURCE_DIR")
    supervisord = harness.env_path("SUP_SUPERVISORD")
    ctl = harness.env_path("SUP_SUPERVISORCTL")
    scratch = tempfile.mkdtemp(prefix="completion-test-")
    daemon = None
    try:
        conf = os.path.join(scratch, "supervisord.conf")
        sock = os.path.join(scratch, "supervisor.sock")
        with open(conf, "w") as f:
            f.write(CONFIG.format(dir=scratch))
        # The completion runs `supervisorctl` from PATH: ours.
        bin_dir = os.path.join(scratch, "bin")
        os.mkdir(bin_dir)
        os.symlink(ctl, os.path.join(bin_dir, "supervisorctl"))
        path_env = bin_dir + ":" + os.environ.get("PATH", "/usr/bin:/bin")
        daemon = harness.Daemon([supervisord], conf, sock, os.path.join(scratch, "daemon.out"))
        daemon.wait_state("web", "RUNNING")
        daemon.wait_state("ga", "RUNNING")

        table = cases(conf, sock)
        lines = [line for line, _, _ in table]
        completion_dir = os.path.join(source, "etc", "completion")
        got_bash = bash_results(os.path.join(completion_dir, "supervisorctl.bash"), lines, path_env)
        got_zsh = zsh_results(completion_dir, lines, path_env, scratch)
        errors = []
        for (line, want_bash, want_zsh), bash, zsh in zip(table, got_bash, got_zsh):
            shown = line.replace(scratch, "<dir>")
            if bash != sorted(want_bash):
                errors.append(f"bash {shown!r}: {bash}, expected {sorted(want_bash)}")
            if zsh != sorted(want_zsh):
                errors.append(f"zsh {shown!r}: {zsh}, expected {sorted(want_zsh)}")
        if errors:
            fail("\n".join(errors))
        print(f"bash and zsh: {len(table)} completions each as expected")
    finally:
        if daemon is not None:
            daemon.stop()
        shutil.rmtree(scratch, ignore_errors=True)


if __name__ == "__main__":
    harness.main(test)
