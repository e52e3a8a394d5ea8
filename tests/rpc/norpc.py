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
c.finish()
