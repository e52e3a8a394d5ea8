"""Runs one scenario against Python's supervisord (--ref-*) and ours (--*) on identical
configurations and compares every answer after masking pids, times and directories."""

import os
import xmlrpc.client

from rpclib import Checker, daemon_args, eventually, mask, outcome, proxy, wait_states

args = daemon_args(('ref-', ''))


def scenario(sock, d):
    s = proxy(sock)
    sv = s.supervisor
    wait_states(s, {'cat': 'RUNNING', 'echoer': 'RUNNING', 'grp:a': 'RUNNING', 'grp:b': 'RUNNING'})
    out = []

    def rec(label, fn, *a):
        out.append((label, outcome(fn, *a)))

    def rec_unordered(label, fn, *a):
        # Deferred members are reported in completion order, which is a race in both daemons.
        r = outcome(fn, *a)
        if isinstance(r.get('value'), list):
            r['value'] = sorted(r['value'], key=lambda x: (x['group'], x['name']))
        out.append((label, r))

    for m in s.system.listMethods():
        rec('signature ' + m, s.system.methodSignature, m)
        if m.startswith('supervisor.'):  # system.* texts are the registry's own prose
            rec('help ' + m, s.system.methodHelp, m)
    rec('signature unknown', s.system.methodSignature, 'supervisor.nope')
    for name in ('getAPIVersion', 'getVersion', 'getSupervisorVersion', 'getIdentification', 'getState'):
        rec(name, getattr(sv, name))
    rec('getAllProcessInfo', sv.getAllProcessInfo)
    rec('getAllConfigInfo', sv.getAllConfigInfo)
    for name in ('cat', 'grp:a', 'nope', 'grp:*', 'grp', 'multi_00', ''):
        rec('getProcessInfo ' + name, sv.getProcessInfo, name)
    rec('getProcessInfo int', sv.getProcessInfo, 3)
    rec('getProcessInfo list', sv.getProcessInfo, ['x'])
    for name in ('cat', 'missing', 'nope', 'grp:nope'):
        rec('startProcess ' + name, sv.startProcess, name)
    rec('startProcess quick', sv.startProcess, 'quick')
    wait_states(s, {'quick': 'FATAL'})
    rec('quick info', sv.getProcessInfo, 'quick')
    rec('stopProcess stopped', sv.stopProcess, 'sleepy')
    rec('startProcess grp: (all running)', sv.startProcess, 'grp:')
    rec('startProcessGroup list name', sv.startProcessGroup, ['grp'])
    rec('startProcessGroup int name', sv.startProcessGroup, 5)
    rec_unordered('stopProcessGroup grp', sv.stopProcessGroup, 'grp')
    rec('stopProcessGroup grp again', sv.stopProcessGroup, 'grp')
    rec('startProcessGroup grp', sv.startProcessGroup, 'grp')
    rec('startProcess sleepy', sv.startProcess, 'sleepy')
    rec('sleepy info', sv.getProcessInfo, 'sleepy')
    rec('stopProcess sleepy', sv.stopProcess, 'sleepy')
    rec('sleepy stopped info', sv.getProcessInfo, 'sleepy')
    for sig in ('FOO', 'HUP', 'sighup', '1', 1, 99, '', 'SIGKILL9'):
        rec('signalProcess sleepy %r' % (sig,), sv.signalProcess, 'sleepy', sig)
        rec('signalProcess grp:a %r' % (sig,), sv.signalProcess, 'grp:a', 'CONT' if sig in ('HUP', 'sighup', '1', 1) else sig)
    rec('signalProcess list signal', sv.signalProcess, 'grp:a', ['x'])
    rec('signalProcessGroup FOO', sv.signalProcessGroup, 'grp', 'FOO')
    rec('signalProcessGroup CONT', sv.signalProcessGroup, 'grp', 'CONT')
    rec('signalProcess grp:*', sv.signalProcess, 'grp:*', 'CONT')
    rec('signalAllProcesses CONT', sv.signalAllProcesses, 'CONT')
    rec('signalAllProcesses BAD', sv.signalAllProcesses, 'BAD')
    # Numbers that are no signal, of every type (none may be a real one: 1.5 would be SIGHUP).
    for sig in (1e308, -1e308, 1e19, 99.5, float('inf'), float('nan'), None, {'a': 1}, [1], False, 0):
        rec('signalAllProcesses %r' % (sig,), sv.signalAllProcesses, sig)
        rec('signalProcessGroup grp %r' % (sig,), sv.signalProcessGroup, 'grp', sig)
        rec('signalProcess grp:a %r' % (sig,), sv.signalProcess, 'grp:a', sig)
    rec('sendProcessStdin int', sv.sendProcessStdin, 'cat', 5)
    rec('sendProcessStdin list', sv.sendProcessStdin, 'cat', [1, 'a'])
    rec('sendProcessStdin stopped', sv.sendProcessStdin, 'sleepy', 'x')
    rec('sendProcessStdin', sv.sendProcessStdin, 'cat', 'line one\n')
    eventually(lambda: sv.readProcessStdoutLog('cat', 0, 0) == 'line one\n', 10, 'cat to echo line one')
    for params in ((0, 0), (0, 4), (-4, 0), (-4, 2), (0, -2), (5, 0), (100, 0), ('1', '2'), (1.9, 2),
                   ('a', 1), (None, 1), (True, 2), ('', 0)):
        rec('readProcessStdoutLog cat %r' % (params,), sv.readProcessStdoutLog, 'cat', *params)
        rec('tailProcessStdoutLog cat %r' % (params,), sv.tailProcessStdoutLog, 'cat', *params)
    for name in ('echoer', 'nolog', 'grp:*', 'nope'):
        rec('readProcessStderrLog ' + name, sv.readProcessStderrLog, name, 0, 0)
        rec('tailProcessStderrLog ' + name, sv.tailProcessStderrLog, name, 0, 100)
    rec('readLog bad', sv.readLog, 0, -1)
    rec('readLog head', sv.readLog, 0, 5)
    rec('clearProcessLogs cat', sv.clearProcessLogs, 'cat')
    rec('cat log after clear', sv.readProcessStdoutLog, 'cat', 0, 0)
    rec('clearProcessLogs grp:*', sv.clearProcessLogs, 'grp:*')
    rec('clearAllProcessLogs', sv.clearAllProcessLogs)
    rec('multicall', s.system.multicall, [
        {'methodName': 'supervisor.getAPIVersion'}, {'methodName': 'supervisor.nope'},
        {'methodName': 'nodots'}, {'methodName': 'supervisor.getProcessInfo', 'params': ['zz']},
        {'methodName': 'supervisor.stopProcess', 'params': ['grp:a']},
        {'methodName': 'supervisor.startProcess', 'params': ['grp:a']}, {'params': []},
        {'methodName': 'system.multicall', 'params': [[]]}])
    # Anything but an array: Supervisor slices it first (calls[:]).
    for calls in (1, 1.5, 1e308, None, True, {'methodName': 'supervisor.getPID'}, {}, '', 'abc',
                  xmlrpc.client.Binary(b''), xmlrpc.client.Binary(b'xy'), xmlrpc.client.DateTime('20260101T10:00:00'),
                  [1], ['abc'], [None], [[]], [{'methodName': 'supervisor.getPID', 'params': 5}]):
        rec('multicall %r' % (calls,), s.system.multicall, calls)
    rec('removeProcessGroup running', sv.removeProcessGroup, 'grp')
    rec('removeProcessGroup unknown', sv.removeProcessGroup, 'zzz')
    rec('addProcessGroup existing', sv.addProcessGroup, 'grp')
    rec('reloadConfig', sv.reloadConfig)
    rec('sendRemoteCommEvent', sv.sendRemoteCommEvent, 'type', 'data')
    rec_unordered('stopAllProcesses', sv.stopAllProcesses)
    rec('getAllProcessInfo after stop', sv.getAllProcessInfo)
    rec('getAllConfigInfo end', sv.getAllConfigInfo)
    return [(label, mask(r, [d])) for label, r in out]


c = Checker()
ref = scenario(args.ref_sock, args.ref_dir)
ours = scenario(args.sock, args.dir)
c.eq('number of records', len(ours), len(ref))
for (label, want), (_, got) in zip(ref, ours):
    c.eq(label, got, want)
c.finish()
