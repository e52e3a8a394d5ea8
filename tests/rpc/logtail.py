"""GET /logtail/... and /mainlogtail on Python's supervisord (--ref-*) and ours (--*):
status lines, headers, the first chunk, followed output, clearing, and error answers."""

import re
import time

from rpclib import Checker, daemon_args, eventually, proxy, raw_http, wait_states

args = daemon_args(('ref-', ''))
c = Checker()


def get(sock, target, method='GET', read_for=0.6, extra=''):
    req = '%s %s HTTP/1.1\r\nHost: localhost\r\n%s\r\n' % (method, target, extra)
    return raw_http(sock, req.encode(), read_for)


def split(raw):
    head, _, body = raw.partition(b'\r\n\r\n')
    lines = head.decode('latin-1').split('\r\n')
    headers = [l.split(': ', 1) for l in lines[1:]]
    masked = [(k, '<date>' if k in ('Date', 'Last-Modified') else v) for k, v in headers]
    return lines[0], sorted(masked), body  # header order is not significant (spec §3.1)


def chunks(body):
    """Decodes a chunked body read so far into its chunks (the last may be partial)."""
    out = []
    while body:
        size_line, sep, rest = body.partition(b'\r\n')
        if not sep:
            break
        size = int(size_line, 16)
        out.append(rest[:size])
        body = rest[size + 2:]
    return out


def scenario(sock, d):
    s = proxy(sock)
    wait_states(s, {'cat': 'RUNNING', 'echoer': 'RUNNING', 'grp:a': 'RUNNING'})
    eventually(lambda: s.supervisor.readProcessStderrLog('echoer', 0, 0), what='echoer stderr')
    rec = []
    for target in ('/logtail/echoer', '/logtail/echoer/stdout', '/logtail/echoer/stderr',
                   '/logtail/grp%3Aa', '/logtail/grp:a/stdout'):
        status, headers, body = split(get(sock, target))
        rec.append((target, status, headers, chunks(body)))
    for target in ('/logtail/nope', '/logtail/grp:*', '/logtail/grp:', '/logtail/grp', '/logtail/echoer/foo',
                   '/logtail/nolog', '/logtail/', '/logtail', '/logtailfoo'):
        status, headers, body = split(get(sock, target, read_for=0.3))
        rec.append((target, status, headers, body))
    status, headers, body = split(get(sock, '/logtail/echoer', method='POST', read_for=0.3,
                                      extra='Content-Length: 0\r\n'))
    rec.append(('POST /logtail/echoer', status, headers, body))
    # The main logs' texts differ; their first chunk is the last 1024 bytes (or all).
    for target in ('/mainlogtail', '/mainlogtailx/y'):
        status, headers, body = split(get(sock, target, read_for=0.3))
        first = chunks(body)[0]
        rec.append((target, status, headers, 0 < len(first) <= 1024 and first.endswith(b'\n')))

    # Following: output appended while the stream is open arrives as new chunks; a cleared
    # (re-created) file is streamed from its start.
    import socket as socketmod
    conn = socketmod.socket(socketmod.AF_UNIX, socketmod.SOCK_STREAM)
    conn.connect(sock)
    conn.sendall(b'GET /logtail/cat HTTP/1.1\r\nHost: localhost\r\n\r\n')
    conn.settimeout(0.05)
    data = b''

    def read_until(needle):
        nonlocal data
        deadline = time.time() + 10
        while needle not in data and time.time() < deadline:
            try:
                chunk = conn.recv(65536)
                if not chunk:
                    break
                data += chunk
            except socketmod.timeout:
                pass
        return needle in data

    rec.append(('follow head', read_until(b'\r\n\r\n')))
    s.supervisor.sendProcessStdin('cat', 'first\n')
    rec.append(('follow first', read_until(b'first\n')))
    s.supervisor.clearProcessLogs('cat')
    time.sleep(0.3)
    s.supervisor.sendProcessStdin('cat', 'after clear\n')
    rec.append(('follow after clear', read_until(b'after clear\n')))
    conn.close()
    status, headers, body = split(data)
    rec.append(('follow stream', status, headers, b''.join(chunks(body))))
    return rec


ref = scenario(args.ref_sock, args.ref_dir)
ours = scenario(args.sock, args.dir)
c.eq('number of records', len(ours), len(ref))
for want, got in zip(ref, ours):
    c.eq(str(want[0]), got, want)
c.finish()
