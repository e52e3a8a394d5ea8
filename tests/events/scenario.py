"""The scripted event scenario, run against one supervisord binary.

run(daemon, workdir) starts `daemon -n -c <conf>` on a scratch configuration with five
listener pools and three programs, drives it through start-up, process state changes,
log and capture output, a buffer overflow, a FAIL, a listener dying mid-event, optional
RPC-triggered events and shutdown, and returns what every listener recorded.
"""
import json
import os
import re
import signal
import socket
import subprocess
import sys
import xmlrpc.client

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, '..', 'support'))
from wait import TimedOut, asleep, wait_for as poll_until  # noqa: E402,F401
PY = '/usr/bin/python3'

# The [supervisord] section of both scenarios' configurations ({supervisord} in CONFIG).
SUPERVISORD_SECTION = """\
[supervisord]
nodaemon=true
logfile={dir}/supervisord.log
pidfile={dir}/supervisord.pid
identifier={identifier}
loglevel=debug
childlogdir={dir}
"""

CONFIG = """\
[unix_http_server]
file={dir}/supervisor.sock

{supervisord}
[rpcinterface:supervisor]
supervisor.rpcinterface_factory = supervisor.rpcinterface:make_main_rpcinterface

[supervisorctl]
serverurl=unix://{dir}/supervisor.sock

[eventlistener:all]
command={py} {here}/record_listener.py {dir}/all.rec ok
events=EVENT
buffer_size=500
priority=-5

[eventlistener:shell]
command=/bin/sh {here}/record_listener.sh {dir}/shell.rec
events=PROCESS_GROUP,SUPERVISOR_STATE_CHANGE_RUNNING,PROCESS_STATE_FATAL,PROCESS_STATE_EXITED,PROCESS_STATE_BACKOFF
buffer_size=50
priority=-4

[eventlistener:failonce]
command={py} {here}/record_listener.py {dir}/failonce.rec failonce
events=PROCESS_COMMUNICATION
priority=-3

[eventlistener:victim]
command={py} {here}/record_listener.py {dir}/victim.rec dieonce
events=PROCESS_GROUP
autorestart=true
priority=-2

[eventlistener:slow]
command={py} {here}/record_listener.py {dir}/slow.rec slow {dir}/go2
events=PROCESS_COMMUNICATION_STDOUT
buffer_size=3
priority=-1

[program:failer]
command=/bin/sh -c 'exit 3'
startretries=1

[program:quick]
command=/bin/sh -c 'sleep 2.5; exit 0'
autorestart=false

[program:talker]
command=/bin/sh {here}/talker.sh {dir}
stdout_events_enabled=true
stderr_events_enabled=true
stdout_capture_maxbytes=1MB
stderr_capture_maxbytes=1MB
"""

POOLS = ['all', 'shell', 'failonce', 'victim', 'slow']


class ScenarioError(Exception):
    pass


def wait_for(what, predicate, timeout=20.0):
    try:
        poll_until(predicate, timeout, what)
    except TimedOut as e:
        raise ScenarioError(str(e)) from None


def read_records(path):
    """Records of record_listener.py (JSON lines) or record_listener.sh (header/payload/--)."""
    if not os.path.exists(path):
        return []
    with open(path, encoding='utf-8', errors='surrogateescape') as f:
        text = f.read()
    if path.endswith('shell.rec'):
        out = []
        for block in text.split('\n--\n'):
            if not block:
                continue
            header, _, payload = block.partition('\n')
            out.append({'header': header + '\n', 'payload': payload})
        return out
    return [json.loads(line) for line in text.splitlines() if line]


def count(path):
    return len(read_records(path))


def log_text(workdir):
    try:
        with open(os.path.join(workdir, 'supervisord.log'), encoding='utf-8', errors='replace') as f:
            return f.read()
    except FileNotFoundError:
        return ''


class UnixTransport(xmlrpc.client.Transport):
    def __init__(self, path):
        super().__init__()
        self.path = path

    def make_connection(self, host):
        import http.client

        class Conn(http.client.HTTPConnection):
            def connect(conn):
                conn.sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
                conn.sock.settimeout(10)
                conn.sock.connect(self.path)
        return Conn('localhost')


def rpc(workdir):
    return xmlrpc.client.ServerProxy('http://localhost', transport=UnixTransport(os.path.join(workdir, 'supervisor.sock')))


def rpc_available(workdir):
    try:
        rpc(workdir).supervisor.sendRemoteCommEvent('probe', 'x')
        return True
    except Exception:
        return False


def stop_daemon(proc):
    """Stops the daemon by its pid (on failure too): SIGTERM lets it stop its children."""
    if proc.poll() is not None:
        return
    proc.send_signal(signal.SIGTERM)
    try:
        proc.wait(timeout=20)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


def check_exit(proc, workdir):
    """A clean shutdown exits 0 with nothing from the sanitizers on the console."""
    with open(os.path.join(workdir, 'daemon.out'), errors='replace') as f:
        console = f.read()
    if proc.returncode != 0 or 'Sanitizer' in console or 'runtime error' in console:
        raise ScenarioError('daemon exited %s; console:\n%s' % (proc.returncode, console[-3000:]))


def start_daemon(daemon, workdir, config, identifier):
    """Writes the `config` template as <workdir>/supervisord.conf and starts `daemon -n -c` on
    it, its console to <workdir>/daemon.out. Returns (process, console file); the caller
    stops the one (stop_daemon) and closes the other."""
    conf = os.path.join(workdir, 'supervisord.conf')
    section = SUPERVISORD_SECTION.format(dir=workdir, identifier=identifier)
    with open(conf, 'w') as f:
        f.write(config.format(dir=workdir, here=HERE, py=PY, supervisord=section))
    out = open(os.path.join(workdir, 'daemon.out'), 'w')
    return subprocess.Popen([daemon, '-n', '-c', conf], stdout=out, stderr=subprocess.STDOUT), out


def run(daemon, workdir, use_rpc):
    rec = {p: os.path.join(workdir, p + '.rec') for p in POOLS}
    proc, out = start_daemon(daemon, workdir, CONFIG, 'evtest')
    try:
        # Start-up: the listeners are RUNNING after startsecs; quick exits, failer goes FATAL.
        wait_for('talker output', lambda: os.path.exists(os.path.join(workdir, 'talked')))
        wait_for('slow listener got the first comm event', lambda: count(rec['slow']) >= 1)
        wait_for('failer FATAL and quick EXITED', lambda: 'gave up: failer' in log_text(workdir)
                 and 'exited: quick' in log_text(workdir))
        wait_for('victim retried', lambda: count(rec['victim']) >= 6)
        wait_for('failonce saw both comm events twice', lambda: count(rec['failonce']) >= 4)
        # Overflow: slow is stuck on its first event while 7 more arrive for 3 places.
        open(os.path.join(workdir, 'go1'), 'w').close()
        wait_for('burst', lambda: os.path.exists(os.path.join(workdir, 'burst')))
        wait_for('overflow log lines', lambda: log_text(workdir).count('pool slow event buffer overflowed') >= 4)
        open(os.path.join(workdir, 'go2'), 'w').close()
        wait_for('slow got the rest', lambda: count(rec['slow']) >= 4)
        wait_for('failonce saw the burst twice', lambda: count(rec['failonce']) >= 18)
        rpc_used = False
        if use_rpc:
            server = rpc(workdir)
            server.supervisor.sendRemoteCommEvent('mytype', 'some data \u00e9')
            server.supervisor.removeProcessGroup('quick')
            rpc_used = True
            wait_for('shell saw the group removal', lambda: any(
                'PROCESS_GROUP_REMOVED' in r['header'] for r in read_records(rec['shell'])))
            wait_for('all saw the remote event', lambda: any(
                'REMOTE_COMMUNICATION' in r['header'] for r in read_records(rec['all'])))
        # Let a TICK_5 happen.
        wait_for('a TICK_5', lambda: any('TICK_5' in r['header'] for r in read_records(rec['all'])), timeout=8)
        proc.send_signal(signal.SIGTERM)
        proc.wait(timeout=30)
    finally:
        stop_daemon(proc)
        out.close()
    check_exit(proc, workdir)
    result = {p: read_records(rec[p]) for p in POOLS}
    return result, log_text(workdir), rpc_used


# len: varies with the number of digits of masked pids; it is checked against the payload
# (in code points) separately.
MASKS = [(re.compile(r'\bpid:\d+'), 'pid:X'), (re.compile(r'\bwhen:\d+'), 'when:X'),
         (re.compile(r'\bserial:\d+'), 'serial:X'), (re.compile(r'\blen:\d+\n$'), 'len:X\n')]


def mask(text, poolserial=False):
    for rx, repl in MASKS:
        text = rx.sub(repl, text)
    if poolserial:
        text = re.sub(r'\bpoolserial:\d+', 'poolserial:X', text)
    return text


if __name__ == '__main__':
    import tempfile
    d = tempfile.mkdtemp(prefix='evscen-')
    res, log, used = run(sys.argv[1], d, len(sys.argv) > 2)
    for pool, records in res.items():
        print('==', pool, len(records))
        for r in records:
            print(repr(r['header']), repr(r['payload']))
    print(d)
