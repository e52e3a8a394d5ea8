"""GET /logtail/... and /mainlogtail on Python's supervisord (--ref-*) and ours (--*):
status lines, headers, the first chunk, followed output, clearing, and error answers."""

import socket

from rpclib import (Checker, complete, daemon_args, eventually, first_chunk, head_complete, proxy,
                    raw_http, read_until, wait_states)

args = daemon_args(('ref-', ''))
c = Checker()


def get(sock, target, done=complete, method='GET', extra=''):
    """The answer up to `done`: a whole error response, or the part of a stream awaited."""
    req = '%s %s HTTP/1.1\r\nHost: localhost\r\n%s\r\n' % (method, target, extra)
    return raw_http(sock, req.encode(), done)


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
    # A stream of a log with text starts with a chunk of it; the logs of a (sleep) are empty,
    # so their streams send the headers and then nothing until the log grows.
    for target, done in (('/logtail/echoer', first_chunk), ('/logtail/echoer/stdout', first_chunk),
                         ('/logtail/echoer/stderr', first_chunk), ('/logtail/grp%3Aa', head_complete),
                         ('/logtail/grp:a/stdout', head_complete)):
        status, headers, body = split(get(sock, target, done))
        rec.append((target, status, headers, chunks(body)))
    for target in ('/logtail/nope', '/logtail/grp:*', '/logtail/grp:', '/logtail/grp', '/logtail/echoer/foo',
                   '/logtail/nolog', '/logtail/', '/logtail', '/logtailfoo'):
        status, headers, body = split(get(sock, target))
        rec.append((target, status, headers, body))
    status, headers, body = split(get(sock, '/logtail/echoer', method='POST', extra='Content-Length: 0\r\n'))
    rec.append(('POST /logtail/echoer', status, headers, body))
    # The main logs' texts differ; their first chunk is the last 1024 bytes (or all).
    for target in ('/mainlogtail', '/mainlogtailx/y'):
        status, headers, body = split(get(sock, target, first_chunk))
        first = chunks(body)[0]
        rec.append((target, status, headers, 0 < len(first) <= 1024 and first.endswith(b'\n')))

    # Following: output appended while the stream is open arrives as new chunks; a cleared
    # file is streamed from its start. Clearing removes the file and creates a new one, and
    # both daemons follow the path to the new file whenever they next look, so output
    # written right after the clear is streamed from the new file's start either way.
    conn = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    conn.connect(sock)
    conn.sendall(b'GET /logtail/cat HTTP/1.1\r\nHost: localhost\r\n\r\n')
    data = b''

    def arrived(needle):
        nonlocal data
        data = read_until(conn, lambda d: needle in d, 10, repr(needle), data)
        return needle in data

    rec.append(('follow head', arrived(b'\r\n\r\n')))
    s.supervisor.sendProcessStdin('cat', 'first\n')
    rec.append(('follow first', arrived(b'first\n')))
    s.supervisor.clearProcessLogs('cat')
    s.supervisor.sendProcessStdin('cat', 'after clear\n')
    rec.append(('follow after clear', arrived(b'after clear\n')))
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
