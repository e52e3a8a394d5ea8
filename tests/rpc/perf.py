"""Latency of getAllProcessInfo over 1,000 processes (Python's supervisord: ~1.5 s; we want
at least 100 times faster) and of getState (< 0.2 ms), over one keep-alive connection.
The best of several runs is compared: it measures our cost, not the machine's load."""

import socket
import time
import xmlrpc.client

from rpclib import Checker, daemon_args

args = daemon_args()
c = Checker()


class Conn:
    def __init__(self, path):
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.sock.connect(path)
        self.buf = b''

    def call(self, method, *params):
        body = xmlrpc.client.dumps(params, method).encode()
        self.sock.sendall(b'POST /RPC2 HTTP/1.1\r\nHost: localhost\r\nContent-Type: text/xml\r\n'
                          b'Content-Length: %d\r\n\r\n%s' % (len(body), body))
        while b'\r\n\r\n' not in self.buf:
            self.recv()
        head, _, rest = self.buf.partition(b'\r\n\r\n')
        length = int([l for l in head.split(b'\r\n') if l.lower().startswith(b'content-length:')][0].split(b':')[1])
        while len(rest) < length:
            rest += self.sock.recv(1 << 20)
        self.buf = rest[length:]
        return head, rest[:length]

    def recv(self):
        data = self.sock.recv(1 << 20)
        if not data:
            raise EOFError('connection closed')
        self.buf += data


def best(conn, method, runs):
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        head, body = conn.call(method)
        times.append(time.perf_counter() - t)
    return min(times), sorted(times)[len(times) // 2], body


conn = Conn(args.sock)
_, _, body = best(conn, 'supervisor.getAllProcessInfo', 1)
infos = xmlrpc.client.loads(body.decode())[0][0]
c.eq('process count', len(infos), 1000)
c.eq('first and last', (infos[0]['name'], infos[-1]['name']), ('many_0000', 'many_0999'))
c.true('all stopped', all(i['statename'] == 'STOPPED' for i in infos))

low, median, _ = best(conn, 'supervisor.getAllProcessInfo', 30)
print('getAllProcessInfo x1000: best %.2f ms, median %.2f ms' % (low * 1e3, median * 1e3))
low, median, _ = best(conn, 'supervisor.getState', 300)
print('getState: best %.3f ms, median %.3f ms' % (low * 1e3, median * 1e3))
c.finish()
