"""Without [rpcinterface:supervisor] only the system namespace exists (http-xmlrpc.md §7.4),
on both servers; /logtail is still served."""

import time

from rpclib import Checker, daemon_args, outcome, proxy, raw_http

args = daemon_args()
c = Checker()
s = proxy(args.sock)
SYSTEM = ['system.listMethods', 'system.methodHelp', 'system.methodSignature', 'system.multicall']
c.eq('listMethods', s.system.listMethods(), SYSTEM)
c.eq('getState', outcome(s.supervisor.getState), {'fault': [1, 'UNKNOWN_METHOD']})
c.eq('methodHelp', outcome(s.system.methodHelp, 'supervisor.getState'), {'fault': [4, 'SIGNATURE_UNSUPPORTED']})
import xmlrpc.client
inet = xmlrpc.client.ServerProxy('http://127.0.0.1:%s/RPC2' % args.port)
c.eq('inet listMethods', inet.system.listMethods(), SYSTEM)
deadline = time.time() + 10
status = b''
while time.time() < deadline:
    raw = raw_http(args.sock, b'GET /logtail/cat HTTP/1.1\r\nHost: localhost\r\n\r\n', 0.2)
    status = raw.split(b'\r\n', 1)[0]
    if status == b'HTTP/1.1 200 OK':
        break
    time.sleep(0.05)
c.eq('logtail', status, b'HTTP/1.1 200 OK')

# A POST another web site makes a browser send names that site in Origin: refused (a
# deliberate difference from Supervisor); our own page's origin and clients without one pass.
call = xmlrpc.client.dumps((), 'system.listMethods').encode()


def post_status(origin_line):
    head = b'POST /RPC2 HTTP/1.1\r\nHost: localhost\r\nContent-Type: text/xml\r\n' + origin_line
    raw = raw_http(args.sock, head + b'Content-Length: %d\r\n\r\n' % len(call) + call, 0.5)
    return raw.split(b'\r\n', 1)[0]


c.eq('cross-site POST', post_status(b'Origin: http://evil.example\r\n'), b'HTTP/1.1 403 Forbidden')
c.eq('cross-site POST by Referer', post_status(b'Referer: http://evil.example/x.html\r\n'), b'HTTP/1.1 403 Forbidden')
c.eq('same-origin POST', post_status(b'Origin: http://localhost\r\n'), b'HTTP/1.1 200 OK')
c.eq('POST without Origin', post_status(b''), b'HTTP/1.1 200 OK')
c.finish()
