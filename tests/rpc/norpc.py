"""Without [rpcinterface:supervisor] only the system namespace exists (http-xmlrpc.md §7.4),
on both servers; /logtail is still served."""

from rpclib import Checker, daemon_args, eventually, outcome, proxy, raw_http, status_line

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


def logtail_status():
    raw = raw_http(args.sock, b'GET /logtail/cat HTTP/1.1\r\nHost: localhost\r\n\r\n', status_line)
    return raw.split(b'\r\n', 1)[0]


OK = b'HTTP/1.1 200 OK'
eventually(lambda: logtail_status() == OK, 10, '/logtail/cat to answer 200 (404 until cat has its log file)')
c.eq('logtail', logtail_status(), OK)

# A POST another web site makes a browser send names that site in Origin: refused (a
# deliberate difference from Supervisor); our own page's origin and clients without one pass.
call = xmlrpc.client.dumps((), 'system.listMethods').encode()


def post_status(origin_line):
    head = b'POST /RPC2 HTTP/1.1\r\nHost: localhost\r\nContent-Type: text/xml\r\n' + origin_line
    raw = raw_http(args.sock, head + b'Content-Length: %d\r\n\r\n' % len(call) + call)
    return raw.split(b'\r\n', 1)[0]


c.eq('cross-site POST', post_status(b'Origin: http://evil.example\r\n'), b'HTTP/1.1 403 Forbidden')
c.eq('cross-site POST by Referer', post_status(b'Referer: http://evil.example/x.html\r\n'), b'HTTP/1.1 403 Forbidden')
c.eq('same-origin POST', post_status(b'Origin: http://localhost\r\n'), b'HTTP/1.1 200 OK')
c.eq('POST without Origin', post_status(b''), b'HTTP/1.1 200 OK')
c.finish()
