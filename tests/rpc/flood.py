"""An attacker without the password holds 1,000 connections to the inet port, silent or
sending a request head byte by byte (slow loris), from one address and then from many, and
then keeps opening new ones;
meanwhile getState must still be answered on the unix socket and on the inet port (from
another address, with the password), and Python's supervisorctl must still work. Prints the
latencies it measured (speed is reported, never asserted here)."""

import collections
import errno
import os
import resource
import socket
import subprocess
import threading
import time
import xmlrpc.client

from rpclib import Checker, daemon_args, inet_proxy, proxy

args = daemon_args()
c = Checker()
PORT = int(args.port)
ATTACK = 1000
PY_CTL = '/usr/bin/supervisorctl'

soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
resource.setrlimit(resource.RLIMIT_NOFILE, (max(soft, min(hard, 4 * ATTACK)), hard))


def attack(sources, head_prefix=b''):
    """ATTACK connections to the inet port, spread over the source addresses; each sends
    `head_prefix` (an unfinished request head) or nothing. Connections the daemon refuses
    or drops right away are counted, not retried."""
    socks = []
    for i in range(ATTACK):
        s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        s.bind((sources[i % len(sources)], 0))
        try:
            s.connect(('127.0.0.1', PORT))
            if head_prefix:
                s.sendall(head_prefix)
        except OSError as e:
            if e.errno not in (errno.ECONNRESET, errno.EPIPE, errno.ECONNREFUSED):
                raise
        socks.append(s)
    return socks


def still_open(socks):
    """How many attacker connections the daemon has not closed (a closed one reads EOF, an
    error, or a refusal)."""
    n = 0
    for s in socks:
        s.setblocking(False)
        try:
            data = s.recv(4096)
            if not data:
                continue
            continue  # anything sent to a silent attacker is a refusal
        except BlockingIOError:
            n += 1
        except OSError:
            continue
    return n


def timed(fn, runs=20):
    """(answers, median ms, max ms) of `runs` calls; a failed call is recorded, not raised."""
    answers, times = [], []
    for _ in range(runs):
        t = time.perf_counter()
        try:
            answers.append(fn())
        except (OSError, xmlrpc.client.Error) as e:
            answers.append('%s: %s' % (type(e).__name__, e))
        times.append((time.perf_counter() - t) * 1e3)
    times.sort()
    return answers, times[len(times) // 2], times[-1]


RUNNING = {'statecode': 1, 'statename': 'RUNNING'}


def check_served(label):
    unix = proxy(args.sock)
    got, med, top = timed(lambda: unix.supervisor.getState())
    c.eq(label + ': getState on unix', got, [RUNNING] * len(got))
    print('%s: unix getState median %.2f ms, max %.2f ms' % (label, med, top))
    # A fresh connection per call, with the password, from 127.0.0.1 (not an attacker address).
    got, med, top = timed(lambda: inet_proxy(PORT).supervisor.getState())
    c.eq(label + ': getState on inet', got, [RUNNING] * len(got))
    print('%s: inet getState median %.2f ms, max %.2f ms (new connection each)' % (label, med, top))
    ctl = subprocess.run([PY_CTL, '-c', args.conf, 'pid'], capture_output=True, text=True, timeout=30)
    c.true(label + ': Python supervisorctl over unix', ctl.returncode == 0 and ctl.stdout.strip().isdigit(),
           repr((ctl.returncode, ctl.stdout, ctl.stderr)))


def close_all(socks):
    for s in socks:
        s.close()


one_peer = ['127.0.0.2']
many_peers = ['127.0.%d.%d' % (1 + i // 200, 1 + i % 200) for i in range(250)]
slow_head = b'POST /RPC2 HTTP/1.1\r\nHost: x\r\nContent-Ty'

for label, sources, prefix in (('silent, one address', one_peer, b''),
                               ('silent, 250 addresses', many_peers, b''),
                               ('slow loris, one address', one_peer, slow_head),
                               ('slow loris, 250 addresses', many_peers, slow_head)):
    t = time.perf_counter()
    socks = attack(sources, prefix)
    print('%s: %d connections opened in %.0f ms' % (label, len(socks), (time.perf_counter() - t) * 1e3))
    check_served(label)
    # A slow loris keeps dripping: one more byte on every connection it still has.
    if prefix:
        for s in socks:
            try:
                s.send(b'p')
            except OSError:
                pass
        check_served(label + ', dripping')
    print('%s: %d attacker connections still open' % (label, still_open(socks)))
    close_all(socks)



class Churn:
    """An attacker that keeps opening silent connections from the many addresses (holding the
    last ATTACK of them) while the clients are measured."""

    def __init__(self):
        self.stop = threading.Event()
        self.opened = 0
        self.thread = threading.Thread(target=self.run)
        self.thread.start()

    def run(self):
        held = collections.deque()
        while not self.stop.is_set():
            s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
            s.bind((many_peers[self.opened % len(many_peers)], 0))
            try:
                s.connect(('127.0.0.1', PORT))
            except OSError:
                pass
            self.opened += 1
            held.append(s)
            if len(held) > ATTACK:
                held.popleft().close()
        close_all(held)

    def end(self):
        self.stop.set()
        self.thread.join()


churn = Churn()
t = time.perf_counter()
check_served('silent, 250 addresses, reconnecting')
churn.end()
print('silent, 250 addresses, reconnecting: %d connections opened over %.1f s'
      % (churn.opened, time.perf_counter() - t))
c.finish()
