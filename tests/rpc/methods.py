"""Calls every supervisor.* method of our supervisord and checks return shapes, fault codes
and strings, deferred (wait=true) answers and the SHUTDOWN_STATE rule (http-xmlrpc.md §7).
Ends with supervisor.shutdown."""

import os
import signal
import time
import xmlrpc.client

from rpclib import (Checker, daemon_args, eventually, inet_proxy, name_of, outcome, proxy,
                    wait_ignoring, wait_states)

args = daemon_args()
D = args.dir
s = proxy(args.sock)
sv = s.supervisor
c = Checker()

EXPECTED_METHODS = sorted(
    ['supervisor.' + m for m in (
        'addProcessGroup clearAllProcessLogs clearLog clearProcessLog clearProcessLogs '
        'getAPIVersion getAllConfigInfo getAllProcessInfo getIdentification getPID '
        'getProcessInfo getState getSupervisorVersion getVersion readLog readMainLog '
        'readProcessLog readProcessStderrLog readProcessStdoutLog reloadConfig '
        'removeProcessGroup restart sendProcessStdin sendRemoteCommEvent shutdown '
        'signalAllProcesses signalProcess signalProcessGroup startAllProcesses startProcess '
        'startProcessGroup stopAllProcesses stopProcess stopProcessGroup tailProcessLog '
        'tailProcessStderrLog tailProcessStdoutLog').split()]
    + ['system.listMethods', 'system.methodHelp', 'system.methodSignature', 'system.multicall'])
INFO_KEYS = ['name', 'group', 'start', 'stop', 'now', 'state', 'statename', 'spawnerr',
             'exitstatus', 'logfile', 'stdout_logfile', 'stderr_logfile', 'pid', 'description']
CONFIG_KEYS = ['autostart', 'directory', 'uid', 'command', 'exitcodes', 'group', 'group_prio',
               'inuse', 'killasgroup', 'name', 'process_prio', 'redirect_stderr', 'startretries',
               'startsecs', 'stdout_capture_maxbytes', 'stdout_events_enabled', 'stdout_logfile',
               'stdout_logfile_backups', 'stdout_logfile_maxbytes', 'stdout_syslog', 'stopsignal',
               'stopwaitsecs', 'stderr_capture_maxbytes', 'stderr_events_enabled', 'stderr_logfile',
               'stderr_logfile_backups', 'stderr_logfile_maxbytes', 'stderr_syslog', 'serverurl']
RESULT_KEYS = ['name', 'group', 'status', 'description']


def fault(code, text):
    return {'fault': [code, text]}


def ok(v):
    return {'value': v}


def state_of(name):
    return sv.getProcessInfo(name)['statename']


wait_states(s, {'cat': 'RUNNING', 'echoer': 'RUNNING', 'grp:a': 'RUNNING', 'grp:b': 'RUNNING'})
daemon_pid = int(open(os.path.join(D, 'supervisord.pid')).read())

# --- daemon information
c.eq('getAPIVersion', sv.getAPIVersion(), '3.0')
c.eq('getVersion', sv.getVersion(), '3.0')
c.eq('getSupervisorVersion', sv.getSupervisorVersion(), '4.2.5')
c.eq('getIdentification', sv.getIdentification(), 'rpc-test')
c.eq('getState', sv.getState(), {'statecode': 1, 'statename': 'RUNNING'})
c.eq('getPID', sv.getPID(), daemon_pid)
c.eq('getPID arity', outcome(sv.getPID, 1), fault(2, 'INCORRECT_PARAMETERS'))

# --- system namespace over our methods
c.eq('listMethods', s.system.listMethods(), EXPECTED_METHODS)
c.eq('methodSignature startProcess', s.system.methodSignature('supervisor.startProcess'),
     ['boolean', 'string', 'boolean'])
c.eq('methodSignature tailProcessLog', s.system.methodSignature('supervisor.tailProcessLog'),
     ['array', 'string', 'int', 'int'])
c.eq('methodHelp alias', s.system.methodHelp('supervisor.getVersion'),
     s.system.methodHelp('supervisor.getAPIVersion'))
c.true('methodHelp text', '@return string version id' in s.system.methodHelp('supervisor.getAPIVersion'))
for m in EXPECTED_METHODS:
    sig = s.system.methodSignature(m)
    c.true('signature of ' + m, isinstance(sig, list) and len(sig) >= 1)

# --- process information
info = sv.getProcessInfo('cat')
c.eq('getProcessInfo keys', list(info.keys()), INFO_KEYS)
c.eq('getProcessInfo state', (info['state'], info['statename']), (20, 'RUNNING'))
c.true('getProcessInfo pid', info['pid'] > 0)
c.true('getProcessInfo description', info['description'].startswith('pid %d, uptime 0:00:' % info['pid']),
       info['description'])
c.eq('getProcessInfo logfiles', (info['logfile'], info['stdout_logfile'], info['stderr_logfile']),
     (D + '/cat.out', D + '/cat.out', D + '/cat.err'))
c.true('getProcessInfo times', info['start'] > 0 and info['now'] >= info['start'] and info['stop'] == 0)
c.eq('getProcessInfo cat:cat', sv.getProcessInfo('cat:cat')['name'], 'cat')
for bad in ('nope', 'grp', 'grp:*', 'grp:', 'grp:nope', 'nope:cat'):
    c.eq('getProcessInfo ' + bad, outcome(sv.getProcessInfo, bad), fault(10, 'BAD_NAME: ' + bad))
c.eq('getProcessInfo int', outcome(sv.getProcessInfo, 5), {'http': 500})
c.eq('getProcessInfo arity', outcome(sv.getProcessInfo), fault(2, 'INCORRECT_PARAMETERS'))
c.eq('BAD_NAME echoes entities', outcome(sv.getProcessInfo, '<x>&é'), fault(10, 'BAD_NAME: <x>&é'))
never = sv.getProcessInfo('sleepy')
c.eq('never started', (never['statename'], never['description'], never['start'], never['pid']),
     ('STOPPED', 'Not started', 0, 0))

all_info = sv.getAllProcessInfo()
c.eq('getAllProcessInfo order', [name_of(i) for i in all_info],
     ['cat', 'echoer', 'grp:a', 'grp:b', 'missing', 'nolog', 'quick', 'sleepy', 'stubborn'])
c.true('getAllProcessInfo keys', all(list(i.keys()) == INFO_KEYS for i in all_info))

config = sv.getAllConfigInfo()
c.eq('getAllConfigInfo order', [i['name'] for i in config],
     ['a', 'b', 'cat', 'echoer', 'missing', 'nolog', 'quick', 'sleepy', 'stubborn'])
c.true('getAllConfigInfo keys', all(list(i.keys()) == CONFIG_KEYS for i in config),
       list(config[0].keys()))
byname = {i['name']: i for i in config}
c.eq('config a', (byname['a']['group'], byname['a']['group_prio'], byname['a']['process_prio'],
                  byname['a']['inuse']), ('grp', 500, 2, True))
c.eq('config none values', (byname['cat']['directory'], byname['cat']['uid'], byname['cat']['serverurl']),
     ('none', 'none', 'none'))
c.eq('config NONE logfile', byname['nolog']['stdout_logfile'], 'none')
c.eq('config misc', (byname['cat']['command'], byname['cat']['exitcodes'], byname['cat']['stopsignal'],
                     byname['stubborn']['stopwaitsecs'], byname['cat']['stdout_logfile']),
     ('cat', [0], 15, 3, D + '/cat.out'))

# --- start / stop
c.eq('start running', outcome(sv.startProcess, 'cat'), fault(60, 'ALREADY_STARTED: cat'))
c.eq('start missing', outcome(sv.startProcess, 'missing'),
     fault(20, "NO_FILE: can't find command '/nonexistent/program'"))
c.eq('start unknown', outcome(sv.startProcess, 'nope'), fault(10, 'BAD_NAME: nope'))
c.eq('start quick exit', outcome(sv.startProcess, 'quick'), fault(50, 'SPAWN_ERROR: quick'))
t0 = time.time()
c.eq('start sleepy wait', outcome(sv.startProcess, 'sleepy'), ok(True))
c.true('start waited for startsecs', time.time() - t0 >= 0.9, time.time() - t0)
c.eq('sleepy running', state_of('sleepy'), 'RUNNING')
c.eq('stop sleepy first', outcome(sv.stopProcess, 'sleepy'), ok(True))
# A waiting call does not hold up other clients.
import threading
waiter = threading.Thread(target=lambda: proxy(args.sock).supervisor.startProcess('sleepy'))
waiter.start()
eventually(lambda: state_of('sleepy') == 'STARTING', what='sleepy starting')
c.eq('getState while a start waits', sv.getState()['statename'], 'RUNNING')
# Answered while the start still waits for startsecs: a server blocked by the waiting call
# would answer only after it, with sleepy RUNNING.
c.eq('not blocked by the waiting call', state_of('sleepy'), 'STARTING')
waiter.join(15)
c.true('waiting call answered', not waiter.is_alive())
c.eq('stop sleepy', outcome(sv.stopProcess, 'sleepy'), ok(True))
c.eq('sleepy stopped', state_of('sleepy'), 'STOPPED')
c.true('stopped description', sv.getProcessInfo('sleepy')['description'] != 'Not started')
c.eq('stop stopped', outcome(sv.stopProcess, 'sleepy'), fault(70, 'NOT_RUNNING: sleepy'))
c.eq('start nowait', outcome(sv.startProcess, 'sleepy', False), ok(True))
c.eq('nowait is starting', state_of('sleepy'), 'STARTING')
c.eq('stop nowait', outcome(sv.stopProcess, 'sleepy', False), ok(True))
wait_states(s, {'sleepy': 'STOPPED'})
c.eq('start arity', outcome(sv.startProcess), fault(2, 'INCORRECT_PARAMETERS'))
c.eq('start name int', outcome(sv.startProcess, 1), {'http': 500})

stopped = sv.stopProcess('grp:*')
c.eq('stop grp:* results', sorted((r['name'], r['group'], r['status'], r['description']) for r in stopped),
     [('a', 'grp', 80, 'OK'), ('b', 'grp', 80, 'OK')])
c.true('result keys', all(list(r.keys()) == RESULT_KEYS for r in stopped))
c.eq('stop group none running', sv.stopProcessGroup('grp'), [])
c.eq('start group', sv.startProcessGroup('grp'),
     [{'name': 'b', 'group': 'grp', 'status': 80, 'description': 'OK'},
      {'name': 'a', 'group': 'grp', 'status': 80, 'description': 'OK'}])
c.eq('start group all running', sv.startProcess('grp:'), [])
c.eq('start group unknown', outcome(sv.startProcessGroup, 'nope'), fault(10, 'BAD_NAME: nope'))
c.eq('stop group unknown', outcome(sv.stopProcessGroup, 'nope'), fault(10, 'BAD_NAME: nope'))
c.eq('stop group nowait', sorted(r['name'] for r in sv.stopProcessGroup('grp', False)), ['a', 'b'])
wait_states(s, {'grp:a': 'STOPPED', 'grp:b': 'STOPPED'})
c.eq('start grp:* nowait', sorted(r['name'] for r in sv.startProcess('grp:*', False)), ['a', 'b'])
wait_states(s, {'grp:a': 'RUNNING', 'grp:b': 'RUNNING'})

# --- signals
c.eq('signal bad', outcome(sv.signalProcess, 'cat', 'FOO'), fault(11, 'BAD_SIGNAL: FOO'))
c.eq('signal not running', outcome(sv.signalProcess, 'sleepy', 'HUP'), fault(70, 'NOT_RUNNING: sleepy'))
for sig in ('CONT', 'cont', 'SIGCONT', '18', 18):
    c.eq('signal %r' % (sig,), outcome(sv.signalProcess, 'grp:a', sig), ok(True))
c.eq('signal unknown name', outcome(sv.signalProcess, 'nope', 'HUP'), fault(10, 'BAD_NAME: nope'))
c.eq('signal group bad', sv.signalProcessGroup('grp', 'FOO'),
     [{'name': 'b', 'group': 'grp', 'status': 11, 'description': 'BAD_SIGNAL: FOO'},
      {'name': 'a', 'group': 'grp', 'status': 11, 'description': 'BAD_SIGNAL: FOO'}])
c.eq('signal grp:*', [r['name'] for r in sv.signalProcess('grp:*', 'CONT')], ['b', 'a'])
c.eq('signal group unknown', outcome(sv.signalProcessGroup, 'nope', 'HUP'), fault(10, 'BAD_NAME: nope'))
c.eq('signal all', [(r['name'], r['status']) for r in sv.signalAllProcesses('CONT')],
     [('cat', 80), ('echoer', 80), ('b', 80), ('a', 80)])

# --- stdin
c.eq('stdin', outcome(sv.sendProcessStdin, 'cat', 'hello\n'), ok(True))
eventually(lambda: sv.readProcessStdoutLog('cat', 0, 0) == 'hello\n', what='cat echo')
c.eq('stdin non-string', outcome(sv.sendProcessStdin, 'cat', 5), fault(2, 'INCORRECT_PARAMETERS: 5'))
c.eq('stdin not running', outcome(sv.sendProcessStdin, 'sleepy', 'x'), fault(70, 'NOT_RUNNING: sleepy'))
c.eq('stdin group', outcome(sv.sendProcessStdin, 'grp:*', 'x'), fault(10, 'BAD_NAME: grp:*'))
c.eq('stdin empty', outcome(sv.sendProcessStdin, 'cat', ''), ok(True))

# --- process logs (echoer wrote 'abcdefghij' * 10 to stdout, 'err-line\n' to stderr)
full = 'abcdefghij' * 10
r = sv.readProcessStdoutLog
cases = [((0, 10), ok('abcdefghij')), ((-5, 0), ok('fghij')), ((-500, 0), ok(full)),
         ((0, 0), ok(full)), ((95, 10), ok('fghij')), ((200, 0), ok('')), ((3, 2), ok('de')),
         (('0', '5'), ok('abcde')), ((-5, 1), fault(3, 'BAD_ARGUMENTS')),
         ((0, -1), fault(3, 'BAD_ARGUMENTS')), (('x', 0), {'http': 500}),
         (([], 0), fault(2, 'INCORRECT_PARAMETERS')), ((2.7, 2), ok('cd'))]
for params, want in cases:
    c.eq('readProcessStdoutLog%r' % (params,), outcome(r, 'echoer', *params), want)
c.eq('readProcessLog alias', sv.readProcessLog('echoer', 0, 3), 'abc')
c.eq('readProcessStderrLog', sv.readProcessStderrLog('echoer', 0, 0), 'err-line\n')
t = sv.tailProcessStdoutLog
for params, want in [((0, 10), ['abcdefghij', 100, True]), ((95, 10), ['abcdefghij', 100, False]),
                     ((10, 5), ['fghij', 100, True]), ((100, 10), ['', 100, False]),
                     ((0, 200), [full, 100, False]), ((90, 0), ['', 100, True]),
                     ((0, -5), ['', 100, True])]:
    c.eq('tailProcessStdoutLog%r' % (params,), outcome(t, 'echoer', *params), ok(want))
c.eq('tailProcessLog alias', sv.tailProcessLog('echoer', 97, 3), ['hij', 100, False])
c.eq('tailProcessStderrLog', sv.tailProcessStderrLog('echoer', 0, 100), ['err-line\n', 9, False])
c.eq('read no logfile', outcome(r, 'nolog', 0, 0), fault(20, 'NO_FILE'))
c.eq('tail no logfile', outcome(t, 'nolog', 0, 10), ok(['', 0, False]))
c.eq('tail no logfile ignores params', outcome(t, 'nolog', 'x', 'y'), ok(['', 0, False]))
missing_log = sv.getProcessInfo('missing')['stdout_logfile']
os.remove(missing_log)  # AUTO log files are created at start-up
c.eq('read absent file', outcome(r, 'missing', 0, 0), fault(20, 'NO_FILE: ' + missing_log))
c.eq('read group name', outcome(r, 'grp:*', 0, 0), fault(10, 'BAD_NAME: grp:*'))
c.eq('tail bad name', outcome(t, 'nope', 0, 0), fault(10, 'BAD_NAME: nope'))
c.eq('read arity', outcome(r, 'echoer', 0), fault(2, 'INCORRECT_PARAMETERS'))
# Multi-byte text cut by a byte range is not an HTTP 500 (deliberate difference).
sv.sendProcessStdin('cat', 'h\u00e9llo\n')
eventually(lambda: 'h\u00e9llo' in sv.readProcessStdoutLog('cat', 0, 0), what='utf-8 echo')
c.eq('read cuts utf-8', outcome(r, 'cat', 6, 2), ok('h\ufffd'))
c.eq('read whole utf-8', outcome(r, 'cat', 6, 3), ok('h\u00e9'))

# --- main log
c.true('readLog', 'supervisord started with pid' in sv.readLog(0, 0))
c.true('readMainLog', sv.readMainLog(-10, 0).endswith('\n'))
c.eq('readLog bad', outcome(sv.readLog, -1, 1), fault(3, 'BAD_ARGUMENTS'))
c.eq('clearLog', outcome(sv.clearLog), ok(True))
c.true('cleared main log', 'supervisord started' not in sv.readLog(0, 0))

# --- clearing process logs
c.eq('clearProcessLogs', outcome(sv.clearProcessLogs, 'cat'), ok(True))
c.eq('cleared', sv.readProcessStdoutLog('cat', 0, 0), '')
c.eq('clearProcessLog alias', outcome(sv.clearProcessLog, 'cat'), ok(True))
c.eq('clearProcessLogs bad', outcome(sv.clearProcessLogs, 'nope'), fault(10, 'BAD_NAME: nope'))
c.eq('clearProcessLogs not running', outcome(sv.clearProcessLogs, 'sleepy'), ok(True))
cleared = sv.clearAllProcessLogs()
c.eq('clearAllProcessLogs', [(r['name'], r['status'], r['description']) for r in cleared],
     [('cat', 80, 'OK'), ('echoer', 80, 'OK'), ('b', 80, 'OK'), ('a', 80, 'OK'),
      ('missing', 80, 'OK'), ('nolog', 80, 'OK'), ('quick', 80, 'OK'), ('sleepy', 80, 'OK'),
      ('stubborn', 80, 'OK')])
c.eq('echoer cleared', sv.tailProcessStdoutLog('echoer', 0, 10), ['', 0, False])

# --- multicall, with a deferred call inside
mc = s.system.multicall([{'methodName': 'supervisor.getPID'}, {'methodName': 'supervisor.nope'},
                         {'methodName': 'supervisor.startProcess', 'params': ['sleepy']},
                         {'methodName': 'supervisor.getProcessInfo', 'params': ['sleepy']}])
c.eq('multicall', mc[:3], [daemon_pid, {'faultCode': 1, 'faultString': 'UNKNOWN_METHOD'}, True])
c.eq('multicall sequential', mc[3]['statename'], 'RUNNING')
c.eq('stop all', sorted((r['name'], r['status']) for r in sv.stopAllProcesses()),
     [('a', 80), ('b', 80), ('cat', 80), ('echoer', 80), ('sleepy', 80)])
# quick exits at once: whether startProcess's reap already saw the exit (SPAWN_ERROR, 50) or
# not (SUCCESS, 80) is a race in Supervisor too; a slow (sanitizer) build sees it more often.
started = dict((r['name'], r['status']) for r in sv.startAllProcesses(False))
c.true('start all: quick', started.pop('quick', None) in (50, 80), repr(started))
c.eq('start all', sorted(started.items()),
     [('a', 80), ('b', 80), ('cat', 80), ('echoer', 80),
      ('missing', 20), ('nolog', 80), ('sleepy', 80), ('stubborn', 80)])
wait_states(s, {'sleepy': 'RUNNING', 'stubborn': 'RUNNING', 'quick': 'FATAL'})
wait_ignoring(s, ['stubborn'], signal.SIGTERM)
c.eq('fatal description', sv.getProcessInfo('quick')['description'],
     'Exited too quickly (process log may have details)')
c.eq('stop stubborn nowait', outcome(sv.stopProcess, 'stubborn', False), ok(True))
c.eq('stubborn stopping', state_of('stubborn'), 'STOPPING')
c.eq('start stopping nowait', outcome(sv.startProcess, 'stubborn', False), ok(True))
c.eq('start stopping wait', outcome(sv.startProcess, 'stubborn'), fault(40, 'ABNORMAL_TERMINATION: stubborn'))
c.eq('stop stopping', outcome(sv.stopProcess, 'stubborn'), fault(70, 'NOT_RUNNING: stubborn'))
wait_states(s, {'stubborn': 'STOPPED'})
# As Supervisor, startProcess runs one transition after the spawn: startsecs=0 is RUNNING at
# once. In one multicall, so that no loop pass runs in between.
mc = s.system.multicall([{'methodName': 'supervisor.startProcess', 'params': ['stubborn', False]},
                         {'methodName': 'supervisor.getProcessInfo', 'params': ['stubborn']}])
c.eq('start startsecs=0 nowait', mc[0], True)
c.eq('startsecs=0 running at once', mc[1]['statename'], 'RUNNING')
wait_ignoring(s, ['stubborn'], signal.SIGTERM)
t0 = time.time()
c.eq('stop stubborn waits for SIGKILL', outcome(sv.stopProcess, 'stubborn'), ok(True))
c.true('stubborn took stopwaitsecs', time.time() - t0 >= 2.5, time.time() - t0)
c.eq('killed exitstatus', sv.getProcessInfo('stubborn')['exitstatus'], -1)

# --- configuration changes
conf = open(args.conf).read()
with open(args.conf, 'w') as f:
    f.write(conf + '\n[program:newone]\ncommand=sleep 1000\nstartsecs=0\nstdout_logfile=%s/newone.out\n' % D)
c.eq('reloadConfig', sv.reloadConfig(), [[['newone'], [], []]])
c.eq('config info not in use', [(i['name'], i['inuse']) for i in sv.getAllConfigInfo() if i['name'] == 'newone'],
     [('newone', False)])
c.eq('remove not added', outcome(sv.removeProcessGroup, 'newone'), fault(10, 'BAD_NAME: newone'))
c.eq('add unknown', outcome(sv.addProcessGroup, 'zzz'), fault(10, 'BAD_NAME: zzz'))
c.eq('add', outcome(sv.addProcessGroup, 'newone'), ok(True))
c.eq('add again', outcome(sv.addProcessGroup, 'newone'), fault(90, 'ALREADY_ADDED: newone'))
wait_states(s, {'newone': 'RUNNING'})
c.eq('remove running', outcome(sv.removeProcessGroup, 'newone'), fault(91, 'STILL_RUNNING: newone'))
sv.stopProcess('newone')
c.eq('remove', outcome(sv.removeProcessGroup, 'newone'), ok(True))
c.eq('removed', outcome(sv.getProcessInfo, 'newone'), fault(10, 'BAD_NAME: newone'))
with open(args.conf, 'w') as f:
    f.write(conf + '\n[program:broken]\n')
got = outcome(sv.reloadConfig)
c.true('reloadConfig broken', 'fault' in got and got['fault'][0] == 92 and
       got['fault'][1].startswith('CANT_REREAD: '), got)
with open(args.conf, 'w') as f:
    f.write(conf)
c.eq('reloadConfig back', sv.reloadConfig(), [[[], [], []]])

c.eq('sendRemoteCommEvent', outcome(sv.sendRemoteCommEvent, 'mytype', 'some data'), ok(True))

# --- inet server with Basic auth
ip = inet_proxy(int(args.port))
c.eq('inet getState', ip.supervisor.getState(), {'statecode': 1, 'statename': 'RUNNING'})
c.eq('inet wrong password', outcome(inet_proxy(int(args.port), password='nope').supervisor.getState),
     {'http': 401})

# --- restart: same pid, servers come back
cat_before = sv.getProcessInfo('cat')['pid']
c.eq('restart', outcome(sv.restart), ok(True))


def restarted():
    """Back in RUNNING with cat spawned again: the restart has happened, not just been asked."""
    sv = proxy(args.sock).supervisor
    cat = sv.getProcessInfo('cat')
    return sv.getState()['statename'] == 'RUNNING' and cat['statename'] == 'RUNNING' and cat['pid'] != cat_before


eventually(restarted, 30, 'daemon back after restart', ignoring=(OSError, xmlrpc.client.Error))
s = proxy(args.sock)
sv = s.supervisor
c.eq('pid after restart', sv.getPID(), daemon_pid)

# --- shutdown: SHUTDOWN_STATE for everything but sendRemoteCommEvent and system.*
wait_states(s, {'cat': 'RUNNING'})
sv.startProcess('stubborn')
wait_ignoring(s, ['stubborn'], signal.SIGTERM)
c.eq('shutdown', outcome(sv.shutdown), ok(True))
c.eq('getState during shutdown', outcome(sv.getState), fault(6, 'SHUTDOWN_STATE'))
c.eq('getPID during shutdown', outcome(sv.getPID), fault(6, 'SHUTDOWN_STATE'))
c.eq('remote comm during shutdown', outcome(sv.sendRemoteCommEvent, 't', 'd'), ok(True))
c.eq('listMethods during shutdown', s.system.listMethods(), EXPECTED_METHODS)
c.eq('multicall during shutdown', s.system.multicall([{'methodName': 'supervisor.getPID'}]),
     [{'faultCode': 6, 'faultString': 'SHUTDOWN_STATE'}])
c.finish()
