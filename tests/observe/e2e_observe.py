"""End-to-end tests of issue 16 against the real daemon: line stamps in the file, in tail and
in PROCESS_LOG events; /dev/stdout through a pipe with the name prefix; per-process figures
over XML-RPC and in `supervisorctl status --stats/--json`; `wait`; `rotate` with gzip; time
rotation at a clock boundary under faketime (a clock the test controls); /metrics checked by
promtool and scraped by a Prometheus server on loopback.

Every daemon and server started here is stopped by its pid. Exits 77 (skip) only when a
Debian tool it needs (libfaketime, promtool, prometheus, supervisor) is missing, and says which."""

import glob
import gzip
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request

sys.path.insert(0, os.path.join(os.environ['SUP_SOURCE_DIR'], 'tests', 'rpc'))
import rpclib  # noqa: E402

SUPERVISORD = os.environ['SUP_SUPERVISORD']
SUPERVISORCTL = os.environ['SUP_SUPERVISORCTL']
ISO = r'\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}[+-]\d\d:\d\d '
c = rpclib.Checker()
SKIPPED = 'skipped'  # what a test returns when a Debian tool it needs is missing


def free_port():
    s = socket.socket()
    s.bind(('127.0.0.1', 0))
    port = s.getsockname()[1]
    s.close()
    return port


class Daemon:
    """Our supervisord -n on a scratch config; stdout collected through a pipe."""

    def __init__(self, tmp, body, env=None, port=None, supervisord_extra='', binary=SUPERVISORD):
        self.tmp = tmp
        self.sock = os.path.join(tmp, 'sup.sock')
        self.conf = os.path.join(tmp, 'sup.conf')
        inet = ''
        if port:
            inet = '[inet_http_server]\nport=127.0.0.1:%d\nusername=alice\npassword=secret\n' % port
        with open(self.conf, 'w') as f:
            f.write('[supervisord]\nlogfile=%s/main.log\npidfile=%s/sup.pid\nchildlogdir=%s\nnodaemon=true\n'
                    'loglevel=info\n%s' % (tmp, tmp, tmp, supervisord_extra))
            f.write('[unix_http_server]\nfile=%s\n%s' % (self.sock, inet))
            f.write('[rpcinterface:supervisor]\nsupervisor.rpcinterface_factory = '
                    'supervisor.rpcinterface:make_main_rpcinterface\n')
            f.write('[supervisorctl]\nserverurl=unix://%s\n' % self.sock)
            f.write(body)
        self.out = b''
        self.proc = subprocess.Popen([binary, '-n', '-c', self.conf],
                                     stdout=subprocess.PIPE, stderr=subprocess.STDOUT, env=env)
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()
        rpclib.eventually(lambda: os.path.exists(self.sock), 20, 'the daemon socket')
        self.rpc = rpclib.proxy(self.sock)
        rpclib.eventually(lambda: self._up(), 20, 'the daemon to answer')

    def _up(self):
        try:
            return self.rpc.supervisor.getState()['statename'] == 'RUNNING'
        except OSError:
            return False

    def _read(self):
        while True:
            chunk = self.proc.stdout.read1(65536)
            if not chunk:
                return
            self.out += chunk

    def ctl(self, *args, timeout=60, stderr=False):
        r = subprocess.run([SUPERVISORCTL, '-c', self.conf] + list(args), capture_output=True, text=True,
                           timeout=timeout)
        return (r.returncode, r.stdout, r.stderr) if stderr else (r.returncode, r.stdout)

    def main_log(self):
        with open(os.path.join(self.tmp, 'main.log')) as f:
            return f.read()

    def stop(self):
        if self.proc.poll() is None:
            os.kill(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(30)
            except subprocess.TimeoutExpired:
                os.kill(self.proc.pid, signal.SIGKILL)
                self.proc.wait()
        self.reader.join(5)
        # A clean exit (a sanitizer build exits non-zero on a leak or an error).
        c.eq('daemon exit status', self.proc.returncode, 0)


def read(path):
    with open(path, 'rb') as f:
        return f.read()


LISTENER = r'''
import sys
out = open(sys.argv[1], 'a')
while True:
    sys.stdout.write('READY\n'); sys.stdout.flush()
    header = dict(x.split(':', 1) for x in sys.stdin.readline().split())
    body = sys.stdin.read(int(header['len']))
    out.write(repr(body.split('\n', 1)[1]) + '\n'); out.flush()
    sys.stdout.write('RESULT 2\nOK'); sys.stdout.flush()
'''


def test_stamps_events_tail_and_stdout(tmp):
    listener = os.path.join(tmp, 'listener.py')
    with open(listener, 'w') as f:
        f.write(LISTENER)
    events = os.path.join(tmp, 'events.txt')
    stdout_was_link = os.path.islink('/dev/stdout')
    body = (
        '[program:stamp]\n'
        'command=/bin/sh -c "echo one; printf two; sleep 1; echo \' end\'; echo err >&2; exec sleep 100"\n'
        'stdout_logfile=%(t)s/stamp.log\nstdout_logfile_timestamps=iso8601\nstdout_events_enabled=true\n'
        'stderr_logfile=%(t)s/stamp.err\nstderr_logfile_timestamps=<%%Y> %%H:%%M\nstderr_logfile_prefix=true\n'
        'startsecs=0\n'
        '[program:shout]\n'
        'command=/bin/sh -c "echo hello; echo world; exec sleep 100"\n'
        'stdout_logfile=/dev/stdout\nstdout_logfile_maxbytes=1KB\nstdout_logfile_prefix=true\nstartsecs=0\n'
        'autorestart=true\n'
        '[eventlistener:ev]\ncommand=python3 %(l)s %(e)s\nevents=PROCESS_LOG_STDOUT\n'
    ) % {'t': tmp, 'l': listener, 'e': events}
    d = Daemon(tmp, body)
    try:
        path = os.path.join(tmp, 'stamp.log')
        rpclib.eventually(lambda: b' end\n' in read(path), 20, 'the stamped log')
        lines = read(path).decode().splitlines()
        c.eq('stamped lines count', len(lines), 2)
        c.true('first line stamped', re.fullmatch(ISO + 'one', lines[0]) is not None, repr(lines))
        # "two" was held 200 ms, written with its stamp; " end" continues it unstamped.
        c.true('partial line stamped once', re.fullmatch(ISO + 'two end', lines[1]) is not None, repr(lines))
        err = os.path.join(tmp, 'stamp.err')
        rpclib.eventually(lambda: os.path.exists(err) and read(err), 10, 'stderr')
        c.true('pattern and prefix', re.fullmatch(r'stamp \| <\d{4}> \d\d:\d\d err\n', read(err).decode()) is not None,
               repr(read(err)))
        tail = d.rpc.supervisor.tailProcessStdoutLog('stamp', 0, 1000)[0]
        c.eq('tail carries the stamped text', tail, read(path).decode())
        rpclib.eventually(lambda: os.path.exists(events) and read(events).count(b'\n') >= 2, 20, 'LOG events')
        got = ''.join(eval(line) for line in read(events).decode().splitlines())
        c.eq('PROCESS_LOG events carry the stamped text', got, read(path).decode())

        # /dev/stdout is our pipe here: no rotation, one INFO notice, lines prefixed.
        try:
            rpclib.eventually(lambda: b'shout | world\n' in d.out, 20, 'prefixed lines on stdout')
        except Exception:
            print(d.out[-2000:], d.main_log()[-2000:])
            raise
        c.true('prefixed stdout', b'shout | hello\nshout | world\n' in d.out, repr(d.out[-400:]))
        d.rpc.supervisor.stopProcess('shout')
        d.rpc.supervisor.startProcess('shout')
        rpclib.eventually(lambda: d.out.count(b'shout | world\n') >= 2, 20, 'second run on stdout')
        notice = 'shout stdout log /dev/stdout cannot seek: written without rotation'
        c.eq('unseekable notice once', d.main_log().count(notice), 1)
        c.true('notice at INFO', ('INFO ' + notice) in d.main_log())
        c.eq('tail of a pipe is empty', d.rpc.supervisor.tailProcessStdoutLog('shout', 0, 100)[0], '')
        c.eq('read of a pipe fails', rpclib.outcome(d.rpc.supervisor.readProcessStdoutLog, 'shout', 0, 100),
             {'fault': [30, 'FAILED']})
        c.eq('clear of a pipe keeps it', d.rpc.supervisor.clearProcessLogs('shout'), True)
        c.eq('/dev/stdout is still the same link', os.path.islink('/dev/stdout'), stdout_was_link)
    finally:
        d.stop()


def test_figures_status_wait(tmp):
    body = (
        '[program:burn]\ncommand=/bin/sh -c "while :; do :; done"\nstartsecs=0\n'
        '[program:three]\ncommand=/bin/sh -c "echo bye; exit 3"\nstartsecs=0\nautorestart=false\n'
        '[program:never]\ncommand=/bin/false\nstartsecs=1\nstartretries=0\nautostart=false\n'
        '[group:g]\nprograms=m1,m2\n'
        '[program:m1]\ncommand=sleep 100\nstartsecs=0\n[program:m2]\ncommand=sleep 100\nstartsecs=0\n'
        # A child that burns CPU, is reaped, then the process execs sleep: only the reaped
        # child's time counts.
        '[program:parent]\ncommand=/bin/sh -c "/bin/sh -c \'i=0; while [ $i -lt 300000 ]; do i=$((i+1)); done\'; '
        'echo done; exec sleep 100"\nstartsecs=0\nstdout_logfile=%s/parent.log\n' % tmp
    )
    d = Daemon(tmp, body)
    try:
        code, out = d.ctl('wait', '--timeout', '20', 'burn', 'g:*')
        c.eq('wait RUNNING', (code, out), (0, ''))
        code, out = d.ctl('wait', '--timeout', '20', '--state', 'EXITED', 'three')
        c.eq('wait EXITED', code, 0)
        code, out = d.ctl('wait', '--timeout', '0.3', '--state', 'STOPPED', 'burn')
        c.eq('wait timeout exit', code, 1)
        c.true('wait names who is not', re.match(r'burn: RUNNING \(pid \d+, uptime ', out) is not None, out)
        # SPAWN_ERROR when it is already in BACKOFF as the call returns, as Supervisor answers.
        rpclib.outcome(d.rpc.supervisor.startProcess, 'never', False)
        code, out = d.ctl('wait', '--timeout', '120', 'never')
        c.eq('wait FATAL exit', code, 2)
        c.true('wait FATAL line', out.startswith('never: FATAL'), out)
        c.eq('wait unknown', d.ctl('wait', 'nosuch')[0], 2)

        stats = rpclib.eventually(
            lambda: (lambda s: s if s['cpu_seconds'] > 0 else None)(d.rpc.supervisor_cpp.getProcessStats('burn')),
            20, 'CPU time of a busy child')
        c.true('cpu_seconds', stats['cpu_seconds'] > 0, stats)
        c.true('rss', stats['rss_bytes'] > 0, stats)
        c.true('fds', stats['open_fds'] >= 3, stats)
        c.eq('threads', stats['threads'], 1)
        c.eq('sampled', stats['sampled'], True)
        # Over the interval since the previous question; /proc counts in 10 ms ticks, so a
        # short interval can read 0: ask until one covers enough ticks.
        again = rpclib.eventually(
            lambda: (lambda s: s if s['cpu_percent'] > 20 else None)(d.rpc.supervisor_cpp.getProcessStats('burn')),
            20, 'a CPU % of a busy loop')
        c.true('cpu percent of a busy loop', again['cpu_percent'] <= 100 * os.cpu_count() + 1, again)
        rpclib.eventually(lambda: os.path.exists(tmp + '/parent.log') and read(tmp + '/parent.log') == b'done\n',
                          60, 'the parent to reap its busy child')
        rpclib.eventually(lambda: b'sleep' in read('/proc/%d/cmdline' % d.rpc.supervisor.getProcessInfo('parent')['pid']),
                          20, 'the parent to exec sleep')
        parent = d.rpc.supervisor_cpp.getProcessStats('parent')
        c.true('reaped children counted', parent['cpu_seconds'] >= 0.05, parent)
        three = d.rpc.supervisor_cpp.getProcessStats('three')
        c.eq('last exit of three', (three['last_exit_status'], three['last_exit_signal'], three['sampled']), (3, 0, False))
        c.true('last exit time', three['last_exit_time'] > 1.6e9, three)
        c.eq('stdout bytes', three['stdout_log_bytes'], 4.0)
        c.eq('restarts before', d.rpc.supervisor_cpp.getProcessStats('g:m1')['restarts'], 0)
        d.ctl('restart', 'g:m1')
        c.eq('restarts after restart', d.rpc.supervisor_cpp.getProcessStats('g:m1')['restarts'], 1)
        c.eq('unknown name', rpclib.outcome(d.rpc.supervisor_cpp.getProcessStats, 'nosuch'),
             {'fault': [10, 'BAD_NAME: nosuch']})
        c.true('unlisted', not any(m.startswith('supervisor_cpp.') for m in d.rpc.system.listMethods()))
        c.true('documented', 'figures' in d.rpc.system.methodHelp('supervisor_cpp.getProcessStats'))

        plain_code, plain = d.ctl('status')
        code, out = d.ctl('status', '--stats')
        c.eq('status --stats exit code as plain', code, plain_code)
        rows = out.splitlines()
        c.true('--stats header', rows[0].split()[:3] == ['NAME', 'STATE', 'DESCRIPTION'], rows[0])
        for plain_row in plain.splitlines():
            name = plain_row.split()[0]
            row = [r for r in rows if r.split()[0] == name][0]
            # The two calls may see different uptimes.
            same = re.sub(r'uptime \d+:\d\d:\d\d', 'uptime T', row).startswith(
                re.sub(r'uptime \d+:\d\d:\d\d', 'uptime T', plain_row.rstrip()))
            c.true('Supervisor columns first: ' + name, same, (row, plain_row))
            c.true('restarts column: ' + name, row.rstrip().endswith(
                'restarts %d' % d.rpc.supervisor_cpp.getProcessStats(name)['restarts']), row)
        code, out = d.ctl('status', '--json')
        rows = json.loads(out)
        infos = d.rpc.supervisor.getAllProcessInfo()
        c.eq('status --json exit code', code, plain_code)
        c.eq('status --json keys', [sorted(r) for r in rows], [sorted(i) for i in infos])
        c.eq('status --json names', [r['name'] for r in rows], [i['name'] for i in infos])
        code, out = d.ctl('status', '--json', '--stats', 'burn', 'nosuch')
        rows = json.loads(out)
        c.eq('status --json --stats one', [r['name'] for r in rows], ['burn'])
        c.true('figures merged', rows[0]['cpu_seconds'] > 0 and rows[0]['statename'] == 'RUNNING', rows)
        c.eq('unknown name exit code', code, 4)

        # The web page's figures: /stats.json, and the page script that asks for it.
        raw = rpclib.raw_http(d.sock, b'GET /stats.json HTTP/1.0\r\n\r\n', timeout=10)
        head, _, body = raw.partition(b'\r\n\r\n')
        c.true('stats.json 200', head.startswith(b'HTTP/1.0 200') and b'application/json' in head, head)
        page = {f['name']: f for f in json.loads(body)}
        c.true('stats.json figures', page['burn']['sampled'] and page['burn']['cpu_seconds'] > 0, page.get('burn'))
        c.eq('stats.json names', sorted(page), sorted(i['name'] for i in infos))
        raw = rpclib.raw_http(d.sock, b'GET /index.html HTTP/1.0\r\n\r\n', timeout=10)
        script = re.search(rb'src="(ui/status\.js[^"]*)"', raw)
        c.true('page script', script is not None, raw[:300])
        if script:
            js = rpclib.raw_http(d.sock, b'GET /' + script.group(1) + b' HTTP/1.0\r\n\r\n', timeout=10)
            c.true('page asks stats.json behind its switch', b"fetch('stats.json'" in js and b'figures-on' in js)
    finally:
        d.stop()


def test_rotate_command(tmp):
    body = (
        '[program:r]\ncommand=/bin/sh -c "echo first; exec sleep 100"\nstdout_logfile=%(t)s/r.log\nstartsecs=0\n'
        'stdout_logfile_compress=true\nstdout_logfile_backups=3\n'
        '[group:g]\nprograms=a,b\n'
        '[program:a]\ncommand=/bin/sh -c "echo aaa; exec sleep 100"\nstdout_logfile=%(t)s/a.log\nstartsecs=0\n'
        '[program:b]\ncommand=/bin/sh -c "echo bbb"\nstdout_logfile=%(t)s/b.log\nstartsecs=0\nautorestart=false\n'
    ) % {'t': tmp}
    d = Daemon(tmp, body)
    try:
        rpclib.eventually(lambda: os.path.exists(tmp + '/b.log') and read(tmp + '/b.log') == b'bbb\n', 20, 'b output')
        rpclib.eventually(lambda: os.path.exists(tmp + '/r.log') and read(tmp + '/r.log') == b'first\n', 20, 'r')
        rpclib.wait_states(d.rpc, {'g:b': 'EXITED'})
        c.eq('rotate one', d.ctl('rotate', 'r'), (0, 'r: rotated\n'))
        rpclib.eventually(lambda: os.path.exists(tmp + '/r.log.1.gz'), 20, 'the gzipped backup')
        c.eq('gzipped backup bytes', gzip.decompress(read(tmp + '/r.log.1.gz')), b'first\n')
        c.eq('current empty', read(tmp + '/r.log'), b'')
        c.eq('rotate group', d.ctl('rotate', 'g:*'), (0, 'g:a: rotated\ng:b: rotated\n'))
        c.eq('running member rotated', read(tmp + '/a.log.1'), b'aaa\n')
        c.eq('stopped member rotated', read(tmp + '/b.log.1'), b'bbb\n')
        code, out = d.ctl('rotate', 'all')
        c.eq('rotate all', code, 0)
        c.true('rotate all lines', sorted(out.splitlines()) == ['g:a: rotated', 'g:b: rotated', 'r: rotated'], out)
        c.eq('rotate unknown', d.ctl('rotate', 'nosuch'), (1, 'nosuch: ERROR (no such process)\n'))
        c.eq('rotate nothing', d.ctl('rotate')[0], 1)
        c.true('help lists Supervisor\'s commands only', 'rotate' not in d.ctl('help')[1])
        c.true('help rotate', 'rotate all' in d.ctl('help', 'rotate')[1])
    finally:
        d.stop()


def test_time_rotation_at_boundary(tmp):
    # libfaketime preloaded into the daemon itself (the faketime wrapper would fork, and the
    # daemon would not be the process this test stops by pid).
    libs = glob.glob('/usr/lib/*/faketime/libfaketime.so.1')
    if not libs:
        print('SKIP time rotation: libfaketime (Debian package faketime) is not installed')
        return SKIPPED
    lib = libs[0]
    # The wall clock starts 3 s before 09:00 UTC and runs at real speed; monotonic time is
    # left alone so the daemon's timers run as usual.
    env = dict(os.environ, TZ='UTC', FAKETIME='@2026-12-03 08:59:57', FAKETIME_DONT_FAKE_MONOTONIC='1',
               LD_PRELOAD=lib)
    # A sanitizer build wants its runtime first among the preloaded libraries; faketime's
    # comes first here, which is harmless for this test.
    env['ASAN_OPTIONS'] = (env.get('ASAN_OPTIONS', '') + ':verify_asan_link_order=0').lstrip(':')
    body = (
        '[program:clock]\ncommand=/bin/sh -c "echo before; read x < %(t)s/go; echo after; exec sleep 100"\n'
        'stdout_logfile=%(t)s/clock.log\nstdout_logfile_rotate_every=hourly\nstdout_logfile_compress=true\n'
        'startsecs=0\n'
    ) % {'t': tmp}
    os.mkfifo(tmp + '/go')
    d = Daemon(tmp, body, env=env, supervisord_extra='logfile_rotate_every=hourly\n')
    try:
        log = tmp + '/clock.log'
        rpclib.eventually(lambda: os.path.exists(log + '.1.gz'), 30, 'the rotation at 09:00')
        c.eq('backup holds the bytes before the boundary', gzip.decompress(read(log + '.1.gz')), b'before\n')
        c.eq('current file empty after the boundary', read(log), b'')
        with open(tmp + '/go', 'w') as f:
            f.write('go\n')
        rpclib.eventually(lambda: read(log) == b'after\n', 20, 'output after the boundary')
        c.true('no second backup', not os.path.exists(log + '.2.gz'))
        # The main log rotated at the same boundary, by its own timer (nothing was logged then).
        main = tmp + '/main.log'
        rpclib.eventually(lambda: os.path.exists(main + '.1'), 20, 'the main log rotation')
        old = read(main + '.1').decode()
        c.true('main log before 09:00', 'supervisord started with pid' in old and '2026-12-03 08:59:5' in old, old)
        c.true('main log after 09:00 holds no earlier record', '08:59:5' not in read(main).decode(), read(main))
    finally:
        d.stop()


def test_metrics(tmp):
    port = free_port()
    body = ('[program:web]\ncommand=/bin/sh -c "echo up; exec sleep 100"\nstartsecs=0\n'
            '[program:idle]\ncommand=sleep 100\nautostart=false\n')
    d = Daemon(tmp, body, port=port)
    prom = None
    try:
        rpclib.wait_states(d.rpc, {'web': 'RUNNING'})
        unix = rpclib.raw_http(d.sock, b'GET /metrics HTTP/1.0\r\n\r\n', timeout=10)
        head, _, text = unix.partition(b'\r\n\r\n')
        c.true('unix 200', head.startswith(b'HTTP/1.0 200'), head)
        c.true('content type', b'text/plain; version=0.0.4' in head, head)
        text = text.decode()
        for needle in ['supervisord_up 1', 'supervisord_process_info{name="web",group="web"} 1',
                       'supervisord_process_state{name="web",group="web",state="RUNNING"} 1',
                       'supervisord_process_state{name="web",group="web",state="STOPPED"} 0',
                       'supervisord_process_up{name="idle",group="idle"} 0',
                       'supervisord_process_restarts_total{name="web",group="web"} 0',
                       'supervisord_process_log_bytes_total{name="web",group="web",stream="stdout"} 3',
                       '# TYPE supervisord_process_cpu_seconds_total counter', 'process_resident_memory_bytes ',
                       'process_open_fds ', 'process_start_time_seconds ']:
            c.true('metric ' + needle, needle in text, text[:2000])
        c.true('rss of web', re.search(r'^supervisord_process_resident_memory_bytes\{name="web",group="web"\} \d+',
                                       text, re.M) is not None)
        promtool = shutil.which('promtool')
        if promtool:
            r = subprocess.run([promtool, 'check', 'metrics'], input=text, capture_output=True, text=True)
            c.eq('promtool check metrics', (r.returncode, r.stdout + r.stderr), (0, ''))
        else:
            print('SKIP promtool: Debian package prometheus is not installed')
            return SKIPPED
        # Same authentication as /RPC2 on the inet server.
        url = 'http://127.0.0.1:%d/metrics' % port
        try:
            urllib.request.urlopen(url, timeout=10)
            c.true('401 without credentials', False)
        except urllib.error.HTTPError as e:
            c.eq('401 without credentials', e.code, 401)
        req = urllib.request.Request(url, headers={'Authorization': 'Basic YWxpY2U6c2VjcmV0'})
        c.true('inet with credentials', b'supervisord_up 1' in urllib.request.urlopen(req, timeout=10).read())

        prometheus = shutil.which('prometheus')
        if not prometheus:
            print('SKIP Prometheus scrape: Debian package prometheus is not installed')
            return SKIPPED
        web = free_port()
        with open(tmp + '/prometheus.yml', 'w') as f:
            f.write('global:\n  scrape_interval: 1s\nscrape_configs:\n  - job_name: supervisord\n'
                    '    basic_auth:\n      username: alice\n      password: secret\n'
                    '    static_configs:\n      - targets: ["127.0.0.1:%d"]\n' % port)
        prom = subprocess.Popen([prometheus, '--config.file=' + tmp + '/prometheus.yml',
                                 '--storage.tsdb.path=' + tmp + '/tsdb', '--web.listen-address=127.0.0.1:%d' % web],
                                stdout=open(tmp + '/prometheus.out', 'w'), stderr=subprocess.STDOUT)
        api = 'http://127.0.0.1:%d/api/v1/query?query=supervisord_process_up' % web

        def scraped():
            try:
                data = json.load(urllib.request.urlopen(api, timeout=5))
            except OSError:
                return None
            return data['data']['result'] or None
        result = rpclib.eventually(scraped, 60, 'a Prometheus scrape')
        got = sorted((r['metric']['name'], r['value'][1]) for r in result)
        c.eq('Prometheus scraped supervisord_process_up', got, [('idle', '0'), ('web', '1')])
        targets = json.load(urllib.request.urlopen('http://127.0.0.1:%d/api/v1/targets' % web, timeout=5))
        health = [t['health'] for t in targets['data']['activeTargets']]
        c.eq('target health', health, ['up'])
    finally:
        if prom is not None:
            os.kill(prom.pid, signal.SIGTERM)
            try:
                prom.wait(30)
            except subprocess.TimeoutExpired:
                os.kill(prom.pid, signal.SIGKILL)
                prom.wait()
        d.stop()


def test_against_python_daemon(tmp):
    """Our ctl's new commands against Python's supervisord: what needs only supervisor.*
    works, and --stats says it has no figures instead of failing."""
    if not os.path.exists('/usr/bin/supervisord'):
        print('SKIP peer: Debian package supervisor is not installed')
        return SKIPPED
    body = '[program:p]\ncommand=sleep 100\nstartsecs=0\n[program:q]\ncommand=sleep 100\nautostart=false\n'
    d = Daemon(tmp, body, binary='/usr/bin/supervisord')
    try:
        c.eq('peer wait', d.ctl('wait', '--timeout', '20', 'p'), (0, ''))
        plain_code, plain = d.ctl('status')
        code, out, err = d.ctl('status', '--stats', stderr=True)
        c.eq('peer --stats exit code', code, plain_code)
        c.true('peer --stats notice', 'no figures from this supervisord' in err, err)
        c.true('peer --stats rows', [r.split()[:2] for r in out.splitlines()[1:]] ==
               [r.split()[:2] for r in plain.splitlines()], (out, plain))
        code, out = d.ctl('status', '--json')
        c.eq('peer --json', [(r['name'], r['statename']) for r in json.loads(out)], [('p', 'RUNNING'), ('q', 'STOPPED')])
        c.eq('peer --json exit code', code, plain_code)
        c.eq('peer rotate', d.ctl('rotate', 'p')[0], 1)
    finally:
        d.stop()


def main():
    only = sys.argv[1] if len(sys.argv) > 1 else None
    tests = {'stamps': test_stamps_events_tail_and_stdout, 'figures': test_figures_status_wait,
             'rotate': test_rotate_command, 'time': test_time_rotation_at_boundary, 'metrics': test_metrics,
             'peer': test_against_python_daemon}
    skipped = False
    for name, fn in tests.items():
        if only and name != only:
            continue
        tmp = tempfile.mkdtemp(prefix='sup-observe-')
        try:
            skipped = fn(tmp) == SKIPPED or skipped
        finally:
            shutil.rmtree(tmp, ignore_errors=True)
    if skipped and not c.failures:
        print('%d checks, skipped in part (see SKIP above)' % c.count)
        sys.exit(77)
    c.finish()


if __name__ == '__main__':
    main()
