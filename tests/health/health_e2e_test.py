#!/usr/bin/python3
"""End-to-end: health checks of the real supervisord ($SUP_SUPERVISORD) on real processes.

* web: an http:// check against an HTTP server this script runs and flips 500 -> 200 -> 500
  -> 200: getProcessInfo's "health", `supervisorctl status` ($SUP_SUPERVISORCTL) and the web
  page show starting (failures ignored during healthcheck_start_period), healthy, unhealthy,
  healthy.
* db: a tcp:// check of a closed port with healthcheck_action=restart: after
  healthcheck_retries failures the program is restarted (its pid changes) and a WARN line
  names the check and the failures.
* worker: an exec: check that passes while a file exists; app (depends_on = worker:healthy)
  starts only once it has.
* hung: an exec: check that outlives its timeout is killed and counts as a failure.
* plain: no check, so no "health" member and Supervisor's status row.
* Listeners: one subscribed to PROCESS_HEALTH_UNHEALTHY receives those events, one
  subscribed to EVENT never sees a PROCESS_HEALTH_* event.
"""
import http.server
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

sys.dont_write_bytecode = True
HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, '..', 'rpc'))
sys.path.insert(0, os.path.join(HERE, '..', 'support'))
from rpclib import Checker, complete, proxy, raw_http  # noqa: E402
from wait import wait_for  # noqa: E402

EVENTS = os.path.join(HERE, '..', 'events')
PY = '/usr/bin/python3'
# hung's check command: `sleep` for this long, an argument no other process here has.
HUNG_SECONDS = '86399.5'

CONFIG = """\
[unix_http_server]
file={dir}/supervisor.sock

[supervisord]
nodaemon=true
logfile={dir}/supervisord.log
pidfile={dir}/supervisord.pid
loglevel=debug
childlogdir={dir}

[rpcinterface:supervisor]
supervisor.rpcinterface_factory = supervisor.rpcinterface:make_main_rpcinterface

[supervisorctl]
serverurl=unix://{dir}/supervisor.sock

[program:web]
command=/bin/sleep 300
startsecs=0
healthcheck=http://127.0.0.1:{http_port}/healthz
healthcheck_interval=0.2
healthcheck_timeout=2
healthcheck_retries=2
healthcheck_start_period=120

[program:db]
command=/bin/sleep 300
startsecs=0
healthcheck=tcp://127.0.0.1:{closed_port}
healthcheck_interval=0.2
healthcheck_retries=2
healthcheck_action=restart

[program:worker]
command=/bin/sleep 300
startsecs=0
healthcheck=exec:/bin/sh -c 'test -e {dir}/ok'
healthcheck_interval=0.2
healthcheck_retries=1

[program:app]
command=/bin/sleep 300
startsecs=0
depends_on=worker:healthy

[program:hung]
command=/bin/sleep 300
startsecs=0
healthcheck=exec:/bin/sleep {hung_seconds}
healthcheck_interval=5
healthcheck_timeout=0.3
healthcheck_retries=1

[program:plain]
command=/bin/sleep 300
startsecs=0

[eventlistener:unhealthy]
command={py} {events}/record_listener.py {dir}/unhealthy.rec ok
events=PROCESS_HEALTH_UNHEALTHY
buffer_size=100

[eventlistener:all]
command={py} {events}/record_listener.py {dir}/all.rec ok
events=EVENT
buffer_size=1000
"""


class TestServer(http.server.ThreadingHTTPServer):
    """Answers every request with `status`; counts the requests."""
    daemon_threads = True

    def __init__(self):
        super().__init__(('127.0.0.1', 0), Handler)
        self.status = 500
        self.requests = 0
        self.lock = threading.Lock()


class Handler(http.server.BaseHTTPRequestHandler):
    def do_GET(self):  # noqa: N802 (the http.server interface)
        with self.server.lock:
            self.server.requests += 1
            status = self.server.status
        self.send_response(status)
        self.send_header('Content-Length', '0')
        self.end_headers()

    def log_message(self, *args):
        pass


def closed_port():
    with socket.socket() as s:
        s.bind(('127.0.0.1', 0))
        return s.getsockname()[1]


def hung_probes(daemon_pid):
    """Pids of live (not zombie) children of the daemon running hung's check command."""
    found = []
    for entry in os.listdir('/proc'):
        if not entry.isdigit():
            continue
        try:
            with open('/proc/%s/cmdline' % entry, 'rb') as f:
                argv = f.read().split(b'\0')
            with open('/proc/%s/stat' % entry) as f:
                fields = f.read().rpartition(')')[2].split()
        except OSError:
            continue
        if argv[:2] == [b'/bin/sleep', HUNG_SECONDS.encode()] and fields[0] != 'Z' and int(fields[1]) == daemon_pid:
            found.append(int(entry))
    return found


def records(path):
    if not os.path.exists(path):
        return []
    with open(path, encoding='utf-8') as f:
        return [json.loads(line) for line in f if line.strip()]


def event_name(record):
    return re.search(r'eventname:(\S+)', record['header']).group(1)


def main():
    c = Checker()
    work = tempfile.mkdtemp(prefix='health-e2e-')
    server = TestServer()
    threading.Thread(target=server.serve_forever, daemon=True).start()
    port = closed_port()
    conf = os.path.join(work, 'supervisord.conf')
    with open(conf, 'w') as f:
        f.write(CONFIG.format(dir=work, http_port=server.server_address[1], closed_port=port, py=PY, events=EVENTS,
                         hung_seconds=HUNG_SECONDS))
    out = open(os.path.join(work, 'daemon.out'), 'wb')
    daemon = subprocess.Popen([os.environ['SUP_SUPERVISORD'], '-n', '-c', conf], stdout=out, stderr=subprocess.STDOUT)
    sock = os.path.join(work, 'supervisor.sock')
    try:
        run(c, work, conf, sock, server, port, daemon.pid)
        daemon.send_signal(signal.SIGTERM)
        # A clean exit, also under the sanitizers (a leak or an error makes it fail).
        c.eq('daemon exit status', daemon.wait(30), 0)
    finally:
        leftovers = hung_probes(daemon.pid)
        if daemon.poll() is None:
            daemon.kill()
            daemon.wait()
        for pid in leftovers:
            os.kill(pid, signal.SIGKILL)
        server.shutdown()
        out.close()
        if c.failures:
            for name in ('supervisord.log', 'daemon.out'):
                with open(os.path.join(work, name), errors='replace') as f:
                    print('==', name, '\n' + f.read()[-6000:])
        shutil.rmtree(work, ignore_errors=True)
    c.finish()


def run(c, work, conf, sock, server, port, daemon_pid):
    s = proxy(sock)
    wait_for(lambda: s.supervisor.getState()['statename'] == 'RUNNING', 15, 'the daemon',
             ignoring=(OSError,))

    def info(name):
        return s.supervisor.getProcessInfo(name)

    def health(name):
        return info(name).get('health')

    def wait_health(name, word, what):
        wait_for(lambda: health(name) == word, 15, '%s to be %s (%s)' % (name, word, what))

    def ctl_row(name):
        result = subprocess.run([os.environ['SUP_SUPERVISORCTL'], '-c', conf, 'status', name],
                                capture_output=True, text=True, timeout=30)
        return result.stdout.rstrip('\n')

    def page_has(text):
        page = raw_http(sock, b'GET /index.html HTTP/1.1\r\nHost: localhost\r\n\r\n', complete)
        return text.encode() in page

    # web: 500s during the start period keep it "starting".
    wait_for(lambda: info('web')['statename'] == 'RUNNING', 15, 'web RUNNING')
    wait_for(lambda: server.requests >= 3, 15, 'three probes of web')
    c.eq('web in its start period', health('web'), 'starting')
    c.true('status shows starting', re.match(r'^web +RUNNING +pid \d+, uptime [\d:]+ starting$', ctl_row('web')),
           repr(ctl_row('web')))
    # Without a check: Supervisor's struct and row.
    wait_for(lambda: info('plain')['statename'] == 'RUNNING', 15, 'plain RUNNING')
    c.true('no health member without a check', 'health' not in info('plain'), repr(info('plain')))
    c.true('status row without a check', re.match(r'^plain {28}RUNNING   pid \d+, uptime [\d:]+$', ctl_row('plain')),
           repr(ctl_row('plain')))
    members = sorted(info('plain'))
    c.eq('getProcessInfo members', sorted(info('web')), sorted(members + ['health']))

    server.status = 200
    wait_health('web', 'healthy', 'the server answers 200')
    c.true('status shows healthy', ctl_row('web').endswith(' healthy'), repr(ctl_row('web')))
    c.true('the page shows healthy', page_has('<span class="health health-healthy" title="health check">healthy</span>'))
    metrics = raw_http(sock, b'GET /metrics HTTP/1.1\r\nHost: localhost\r\n\r\n', complete).decode()
    c.true('/metrics shows healthy', 'supervisord_process_health{name="web",group="web",health="healthy"} 1' in metrics,
           metrics[:1500])
    c.true('/metrics has no health series for a program without a check',
           'supervisord_process_health{name="plain"' not in metrics)
    web_pid = info('web')['pid']
    server.status = 500
    wait_health('web', 'unhealthy', 'the server answers 500')
    c.true('status shows unhealthy', ctl_row('web').endswith(' unhealthy'), repr(ctl_row('web')))
    c.true('the page shows unhealthy', page_has('>unhealthy</span>'))
    c.eq('action=none keeps web running', (info('web')['statename'], info('web')['pid']), ('RUNNING', web_pid))
    server.status = 200
    wait_health('web', 'healthy', 'the server answers 200 again')

    # db: restarted after healthcheck_retries failures.
    wait_for(lambda: info('db')['pid'] > 0, 15, 'db running')
    first = info('db')['pid']
    wait_for(lambda: info('db')['pid'] not in (0, first), 15, 'db restarted by its check')
    s.supervisor.stopProcess('db')
    with open(os.path.join(work, 'supervisord.log'), errors='replace') as f:
        log = f.read()
    c.true('restart logged at WARN', (
        'WARN health: db is unhealthy: 2 consecutive failed checks of tcp://127.0.0.1:%d '
        '(last: connect: Connection refused); restarting it' % port) in log)

    # worker: an exec: check follows the file; app waits for it to be healthy.
    wait_health('worker', 'unhealthy', 'no file')
    c.eq('app waits for a healthy worker', (info('app')['statename'], info('app')['description']),
         ('STOPPED', 'waiting for worker (healthy)'))
    open(os.path.join(work, 'ok'), 'w').close()
    wait_health('worker', 'healthy', 'the file exists')
    wait_for(lambda: info('app')['statename'] == 'RUNNING', 15, 'app started after worker became healthy')
    c.true('a stopped program with a check shows no health word',
           re.match(r'^db +STOPPED +\w{3} \d{2} \d{2}:\d{2} [AP]M$', ctl_row('db')) and health('db') == '', repr(ctl_row('db')))

    # hung: the probe past its timeout fails, and its process is gone well before the next one.
    wait_health('hung', 'unhealthy', 'its check hangs')
    with open(os.path.join(work, 'supervisord.log'), errors='replace') as f:
        c.true('timeout logged', 'WARN health: hung is unhealthy: 1 failed check of exec:/bin/sleep %s '
               '(last: timed out after 0.3 s)' % HUNG_SECONDS in f.read())
    wait_for(lambda: not hung_probes(daemon_pid), 4, 'the timed-out check to be killed')

    # Events: web's unhealthy verdict reached the PROCESS_HEALTH_UNHEALTHY listener...
    unhealthy = os.path.join(work, 'unhealthy.rec')
    want = 'processname:web groupname:web from_health:healthy pid:%d' % web_pid
    wait_for(lambda: any(r['payload'] == want for r in records(unhealthy)), 15, 'web unhealthy event')
    got = records(unhealthy)
    c.eq('only PROCESS_HEALTH_UNHEALTHY', sorted({event_name(r) for r in got}), ['PROCESS_HEALTH_UNHEALTHY'])
    c.true('db and worker verdicts too', {r['payload'].split()[0] for r in got} >=
           {'processname:web', 'processname:db', 'processname:worker'}, repr(got))
    # ... and none reached the EVENT listener: an event sent after them all has arrived there.
    s.supervisor.sendRemoteCommEvent('marker', 'after the checks')
    every = os.path.join(work, 'all.rec')
    wait_for(lambda: any(event_name(r) == 'REMOTE_COMMUNICATION' for r in records(every)), 15, 'the marker')
    names = [event_name(r) for r in records(every)]
    c.true('EVENT listener heard the programs', 'PROCESS_STATE_RUNNING' in names)
    c.eq('EVENT listener saw no health event', [n for n in names if n.startswith('PROCESS_HEALTH')], [])


if __name__ == '__main__':
    main()
