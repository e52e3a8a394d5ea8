"""Runs Python's supervisorctl 4.2.5 against Python's supervisord (--ref-*) and ours (--*)
with identical configurations, command by command, and compares output and exit status
after masking pids, times and directories."""

import re
import subprocess

from rpclib import Checker, daemon_args, proxy, read_until, wait_states

CTL = '/usr/bin/supervisorctl'
args = daemon_args(('ref-', ''))
c = Checker()


def mask(text, d):
    text = text.replace(d, '<DIR>')
    text = re.sub(r'pid \d+, uptime \d+:\d\d:\d\d', 'pid <PID>, uptime <T>', text)
    text = re.sub(r'(?m)^\d+$', '<PID>', text)
    text = re.sub(r'[A-Z][a-z]{2} \d\d \d\d:\d\d [AP]M', '<STOPTIME>', text)
    text = re.sub(r'---(\S+)-[a-z0-9_]{8}\.log', r'---\1-<R>.log', text)
    return text


def ctl(conf, *cmd, timeout=30):
    p = subprocess.run([CTL, '-c', conf] + list(cmd), capture_output=True, text=True, timeout=timeout)
    return p.returncode, p.stdout + p.stderr


def follow(conf, *cmd, until):
    """A following command (tail -f): its output once `until` (bytes) has appeared in it, then
    it is terminated. Raises TimedOut if `until` has not appeared within 15 s."""
    p = subprocess.Popen([CTL, '-c', conf] + list(cmd), stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    try:
        seen = read_until(p.stdout, lambda out: until in out, 15, '%r in the output of %s' % (until, ' '.join(cmd)))
    finally:
        p.terminate()
        rest, _ = p.communicate(timeout=10)
    return (seen + rest).decode('utf-8', 'replace')


def last_main_log_line(s):
    """The main log's last line now; later lines only come after it."""
    return s.supervisor.readLog(-1000, 0).rstrip('\n').rsplit('\n', 1)[-1]


COMMANDS = [
    ['status'], ['status', 'cat', 'nope'], ['status', 'grp:*'],
    ['start', 'sleepy'], ['start', 'nope'], ['start', 'missing'], ['start', 'cat'], ['start', 'quick'],
    ['stop', 'sleepy'], ['stop', 'sleepy'], ['stop', 'grp:*'], ['start', 'grp:*'], ['restart', 'grp:a'],
    ['signal', 'WINCH', 'grp:b'], ['signal', 'FOO', 'cat'], ['signal', 'CONT', 'grp:*'], ['signal', 'HUP', 'sleepy'],
    ['pid', 'cat'], ['pid', 'nope'],
    ['tail', 'echoer'], ['tail', '-5', 'echoer'], ['tail', 'echoer', 'stderr'], ['tail', 'nope'], ['tail', 'nolog'],
    ['clear', 'cat'], ['clear', 'nope'],
    ['avail'], ['version'], ['status'],
]


def run_all(conf, d, s):
    wait_states(s, {'cat': 'RUNNING', 'echoer': 'RUNNING', 'grp:a': 'RUNNING', 'grp:b': 'RUNNING'})
    out = []
    for cmd in COMMANDS:
        code, text = ctl(conf, *cmd)
        if cmd[0] == 'stop':
            # Members that stop together are listed in completion order, a race in both.
            text = ''.join(sorted(text.splitlines(True)))
        out.append((' '.join(cmd), code, mask(text, d)))
    code, text = ctl(conf, 'pid')
    out.append(('pid (daemon)', code, str(int(text.strip()) == s.supervisor.getPID())))
    # The main logs' texts differ; both maintails end with the log's last line.
    code, text = ctl(conf, 'maintail')
    out.append(('maintail', code, last_main_log_line(s) in text))
    out.append(('tail -f echoer', 0, mask(follow(conf, 'tail', '-f', 'echoer', until=b'abcdefghij' * 10), d)))
    s.supervisor.sendProcessStdin('cat', 'followed\n')
    out.append(('tail -f cat', 0, mask(follow(conf, 'tail', '-f', 'cat', until=b'followed\n'), d)))
    last = last_main_log_line(s)
    out.append(('maintail -f', 0, last in follow(conf, 'maintail', '-f', until=last.encode())))
    # Configuration changes: a new program appears, is added and removed again.
    with open(conf) as f:
        original = f.read()
    with open(conf, 'w') as f:
        f.write(original + '\n[program:newone]\ncommand=sleep 1000\nstartsecs=0\nstdout_logfile=%s/newone.out\n' % d)
    for cmd in (['reread'], ['add', 'newone'], ['add', 'newone'], ['remove', 'newone'], ['stop', 'newone'],
                ['remove', 'newone'], ['update'], ['status', 'newone'], ['update', 'newone']):
        if cmd == ['status', 'newone']:
            wait_states(s, {'newone': 'RUNNING'})
        code, text = ctl(conf, *cmd)
        out.append((' '.join(cmd), code, mask(text, d)))
    with open(conf, 'w') as f:
        f.write(original)
    for cmd in (['update'], ['status'], ['shutdown']):
        code, text = ctl(conf, *cmd)
        out.append((' '.join(cmd), code, mask(text, d)))
    return out


ref = run_all(args.ref_conf, args.ref_dir, proxy(args.ref_sock))
ours = run_all(args.conf, args.dir, proxy(args.sock))
c.eq('number of commands', len(ours), len(ref))
for (label, want_code, want), (_, got_code, got) in zip(ref, ours):
    c.eq('supervisorctl %s: exit status' % label, got_code, want_code)
    c.eq('supervisorctl %s: output' % label, got, want)
c.finish()
