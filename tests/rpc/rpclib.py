"""Shared helpers of the RPC end-to-end scripts: XML-RPC over a unix socket with Python's
xmlrpc.client, raw HTTP requests, polling with deadlines (tests/support/wait.py), and
masking of what legitimately differs between two daemons (pids, times, scratch
directories)."""

import argparse
import difflib
import http.client
import json
import os
import re
import socket
import sys
import xmlrpc.client

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'support'))
from wait import read_until, wait_for  # noqa: E402


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


# The name these scripts use for the shared poll with a deadline.
eventually = wait_for


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


def raw_http(sock_path, request, done=None, timeout=10.0):
    """Sends raw bytes on a unix socket and returns what arrives until done(data) holds
    (default: a whole response with a Content-Length) or the server closes; TimedOut after
    `timeout` seconds. A stream never ends: its callers say which part they wait for."""
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as s:
        s.connect(sock_path)
        s.sendall(request)
        return read_until(s, done or complete, timeout, 'an answer to %r' % request[:60])


def _head_and_body(data):
    head, sep, body = data.partition(b'\r\n\r\n')
    return (head, body) if sep else (None, b'')


def complete(data):
    """True once `data` holds a whole response with a Content-Length."""
    head, body = _head_and_body(data)
    if head is None:
        return False
    for line in head.split(b'\r\n')[1:]:
        name, _, value = line.partition(b':')
        if name.strip().lower() == b'content-length':
            return len(body) >= int(value)
    return False


def status_line(data):
    """True once the status line has arrived."""
    return b'\r\n' in data


def head_complete(data):
    """True once the status line and every header have arrived."""
    return _head_and_body(data)[0] is not None


def first_chunk(data):
    """True once a chunked stream's first chunk has arrived whole (or the response is a
    complete one with a Content-Length)."""
    if complete(data):
        return True
    head, body = _head_and_body(data)
    if head is None:
        return False
    size_line, sep, rest = body.partition(b'\r\n')
    if not sep:
        return False
    return len(rest) >= int(size_line, 16) + 2


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
