"""Shared helpers of the RPC end-to-end scripts: XML-RPC over a unix socket with Python's
xmlrpc.client, raw HTTP requests, polling with deadlines, and masking of what legitimately
differs between two daemons (pids, times, scratch directories)."""

import argparse
import difflib
import http.client
import json
import re
import socket
import sys
import time
import xmlrpc.client


class UnixConnection(http.client.HTTPConnection):
    def __init__(self, path, timeout=60):
        super().__init__('localhost', timeout=timeout)
        self.unix_path = path

    def connect(self):
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.sock.settimeout(self.timeout)
        self.sock.connect(self.unix_path)


class UnixTransport(xmlrpc.client.Transport):
    def __init__(self, path):
        super().__init__()
        self.unix_path = path

    def make_connection(self, host):
        return UnixConnection(self.unix_path)


def proxy(sock):
    return xmlrpc.client.ServerProxy('http://localhost/RPC2', transport=UnixTransport(sock), allow_none=True)


def inet_proxy(port, user='alice', password='secret'):
    return xmlrpc.client.ServerProxy('http://%s:%s@127.0.0.1:%d/RPC2' % (user, password, port))


def daemon_args(prefixes=('',)):
    p = argparse.ArgumentParser()
    for prefix in prefixes:
        for name in ('sock', 'port', 'dir', 'conf'):
            p.add_argument('--%s%s' % (prefix, name), required=True)
    return p.parse_args()


def outcome(fn, *args):
    """A comparable record of one call: the value, the fault, or the HTTP error."""
    try:
        return {'value': fn(*args)}
    except xmlrpc.client.Fault as f:
        return {'fault': [f.faultCode, f.faultString]}
    except xmlrpc.client.ProtocolError as e:
        return {'http': e.errcode}


def eventually(predicate, timeout=15.0, what='condition'):
    deadline = time.time() + timeout
    while True:
        value = predicate()
        if value:
            return value
        if time.time() > deadline:
            raise AssertionError('timed out waiting for ' + what)
        time.sleep(0.02)


def wait_states(server, wanted, timeout=15.0):
    """Waits until each namespec in `wanted` has the given statename."""
    def ok():
        infos = {name_of(i): i['statename'] for i in server.supervisor.getAllProcessInfo()}
        return all(infos.get(k) == v for k, v in wanted.items())
    eventually(ok, timeout, 'states %r' % (wanted,))


def name_of(info):
    if info['group'] == info['name']:
        return info['name']
    return '%s:%s' % (info['group'], info['name'])


STOP_TIME = re.compile(r'^[A-Z][a-z]{2} \d{2} \d{2}:\d{2} [AP]M$')
RUNNING_DESC = re.compile(r'^pid \d+, uptime \d+:\d{2}:\d{2}$')


def mask(value, dirs):
    """Replaces scratch directories, pids and times so that two daemons compare equal."""
    if isinstance(value, dict):
        out = {}
        for k, v in value.items():
            if k in ('pid', 'start', 'stop', 'now') and isinstance(v, int):
                out[k] = '<%s>' % k if v else 0
            else:
                out[k] = mask(v, dirs)
        return out
    if isinstance(value, list):
        return [mask(v, dirs) for v in value]
    if isinstance(value, str):
        for d in dirs:
            value = value.replace(d, '<DIR>')
        if STOP_TIME.match(value):
            return '<STOPTIME>'
        if RUNNING_DESC.match(value):
            return '<RUNNING>'
        value = re.sub(r'pid \d+', 'pid <PID>', value)
        # AUTO log names end in a random suffix.
        value = re.sub(r'---(\S+)-[a-z0-9_]{8}\.log$', r'---\1-<R>.log', value)
        return value
    return value


class Checker:
    """Collects failures instead of stopping at the first, and sets the exit status."""

    def __init__(self):
        self.failures = []
        self.count = 0

    def eq(self, label, got, want):
        self.count += 1
        if got == want:
            return
        text = '%r' % (got,)
        if len(text) < 300:
            self.failures.append('%s:\n  got:  %r\n  want: %r' % (label, got, want))
            return
        # Large values: only the lines that differ.
        diff = difflib.unified_diff(dump(want).splitlines(), dump(got).splitlines(), 'want', 'got', n=2, lineterm='')
        self.failures.append('%s:\n%s' % (label, '\n'.join(diff)))

    def true(self, label, cond, detail=''):
        self.count += 1
        if not cond:
            self.failures.append('%s %s' % (label, detail))

    def finish(self):
        for f in self.failures:
            print('FAIL', f)
        print('%d checks, %d failures' % (self.count, len(self.failures)))
        sys.exit(1 if self.failures else 0)


def raw_http(sock_path, request, read_for=1.0, stop_after=None):
    """Sends raw bytes on a unix socket and returns what arrives within `read_for` seconds."""
    s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    s.connect(sock_path)
    s.sendall(request)
    s.settimeout(0.05)
    data = b''
    deadline = time.time() + read_for
    while time.time() < deadline:
        try:
            chunk = s.recv(65536)
        except socket.timeout:
            if stop_after is not None and len(data) >= stop_after:
                break
            continue
        if not chunk:
            break
        data += chunk
        if complete(data):
            break
    s.close()
    return data


def complete(data):
    """True once `data` holds a whole response with a Content-Length."""
    head, sep, body = data.partition(b'\r\n\r\n')
    if not sep:
        return False
    for line in head.split(b'\r\n')[1:]:
        name, _, value = line.partition(b':')
        if name.strip().lower() == b'content-length':
            return len(body) >= int(value)
    return False


def dump(obj):
    return json.dumps(obj, indent=1, sort_keys=True, default=str)


def wait_ignoring(server, names, sig, timeout=15.0):
    """Waits until each process ignores `sig` (a shell that has run its `trap '' TERM`): until
    then the signal still kills it, under Supervisor too."""
    bit = 1 << (int(sig) - 1)

    def ok():
        for name in names:
            pid = server.supervisor.getProcessInfo(name)['pid']
            try:
                with open('/proc/%d/status' % pid) as f:
                    ignored = [line for line in f if line.startswith('SigIgn:')]
                if not pid or not ignored or not int(ignored[0].split()[1], 16) & bit:
                    return False
            except (OSError, ValueError):
                return False
        return True
    eventually(ok, timeout, '%r to ignore signal %d' % (names, sig))
