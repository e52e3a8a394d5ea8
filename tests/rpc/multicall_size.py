"""system.multicall at and past its bound of 10,000 calls (README 'Differences from
Supervisor'): the bound answers every call, one past it and a 21 MB request of 100,000 calls
get fault INCORRECT_PARAMETERS, the same request in a shape that needs the DOM gets HTTP 400,
and the daemon keeps serving. Prints the daemon's peak RSS
(VmHWM) after each request; memory is reported, never asserted here."""

import os
import time
import xmlrpc.client

from rpclib import Checker, UnixConnection, daemon_args, proxy

args = daemon_args()
c = Checker()
PID = int(open(os.path.join(args.dir, 'supervisord.pid')).read())
BOUND = 10000


def peak_rss_mb():
    with open('/proc/%d/status' % PID) as f:
        for line in f:
            if line.startswith('VmHWM:'):
                return int(line.split()[1]) / 1024.0
    return float('nan')


def multicall(n):
    calls = [{'methodName': 'supervisor.getState', 'params': []}] * n
    body = xmlrpc.client.dumps((calls,), 'system.multicall')
    t = time.perf_counter()
    try:
        result = proxy(args.sock).system.multicall(calls)
    except xmlrpc.client.Fault as f:
        result = f
    print('multicall of %d calls (%.1f MB request): %.0f ms, daemon peak RSS now %.1f MB'
          % (n, len(body) / 1e6, (time.perf_counter() - t) * 1e3, peak_rss_mb()))
    return result


STATE = {'statecode': 1, 'statename': 'RUNNING'}
print('daemon peak RSS before: %.1f MB' % peak_rss_mb())
got = multicall(BOUND)
c.eq('multicall at the bound', (len(got), got[0], got[-1]), (BOUND, STATE, STATE))
for n in (BOUND + 1, 100000):
    got = multicall(n)
    c.true('multicall of %d: a fault' % n, isinstance(got, xmlrpc.client.Fault), repr(got)[:200])
    if isinstance(got, xmlrpc.client.Fault):
        c.eq('multicall of %d: the fault' % n, (got.faultCode, got.faultString),
             (2, 'INCORRECT_PARAMETERS: system.multicall takes at most %d calls, not %d' % (BOUND, n)))


def multicall_with_comment(n):
    """The same request with a comment in it: parsed through the DOM (codec.h), which refuses
    bodies with more than 400,000 '<' (HTTP 400)."""
    calls = [{'methodName': 'supervisor.getState', 'params': []}] * n
    body = xmlrpc.client.dumps((calls,), 'system.multicall').replace('<methodCall>', '<methodCall><!-- x -->', 1)
    conn = UnixConnection(args.sock)
    t = time.perf_counter()
    conn.request('POST', '/RPC2', body.encode(), {'Content-Type': 'text/xml'})
    r = conn.getresponse()
    data = r.read()
    print('multicall of %d calls with a comment (%.1f MB request): HTTP %d in %.0f ms, daemon peak RSS now %.1f MB'
          % (n, len(body) / 1e6, r.status, (time.perf_counter() - t) * 1e3, peak_rss_mb()))
    conn.close()
    return r.status, data


status, data = multicall_with_comment(BOUND)
c.eq('commented multicall at the bound', status, 200)
if status == 200:
    got = xmlrpc.client.loads(data.decode())[0][0]
    c.eq('commented multicall answers', (len(got), got[-1]), (BOUND, STATE))
c.eq('commented multicall of 100,000 calls', multicall_with_comment(100000)[0], 400)
c.eq('served after', proxy(args.sock).supervisor.getState(), STATE)
c.finish()
