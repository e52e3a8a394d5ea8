#!/usr/bin/python3
"""End-to-end: the scripted scenario of scenario.py under /usr/bin/supervisord and under our
supervisord ($SUP_SUPERVISORD); what the listeners recorded must match after masking pids,
serials and times.

* Pools whose input is deterministic (shell, failonce, victim, slow) must have received the
  same sequence, pool serials included: the overflow keeps the newest 3 events, a FAIL
  re-sends the event once with the same serials, a listener killed mid-event gets it again.
* The EVENT pool ("all") must have received the same multiset of events up to
  SUPERVISOR_STATE_CHANGE_STOPPING (interleaving between processes is timing); during
  shutdown ours must deliver at least what Supervisor delivered, in the same order.
* Every event type the scenario produces is seen; the global serial is shared by the pools.
"""
import collections
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time

# No __pycache__ in the source tree.
sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import scenario  # noqa: E402
import scenario_reload  # noqa: E402

REFERENCE = '/usr/bin/supervisord'
failures = []


def check(cond, message):
    if not cond:
        failures.append(message)
    return cond


def masked(records, keep_poolserial=True):
    return [(scenario.mask(r['header'], poolserial=not keep_poolserial), scenario.mask(r['payload']))
            for r in records]


def event_name(record):
    return re.search(r'eventname:(\S+)', record['header']).group(1)


def header_field(record, name):
    return int(re.search(r'\b' + name + r':(\d+)', record['header']).group(1))


def split_at_stopping(records):
    for i, r in enumerate(records):
        if event_name(r) == 'SUPERVISOR_STATE_CHANGE_STOPPING':
            return records[:i], records[i:]
    return records, []


def is_subsequence(small, big):
    it = iter(big)
    return all(any(x == y for y in it) for x in small)


def validate_headers(label, results):
    rx = re.compile(r'^ver:3\.0 server:evtest serial:\d+ pool:(\S+) poolserial:\d+ eventname:[A-Z_0-9]+ len:(\d+)\n$')
    serial_of = {}
    for pool, records in results.items():
        for r in records:
            m = rx.match(r['header'])
            if not check(m, '%s: malformed header %r' % (label, r['header'])):
                continue
            check(m.group(1) == pool, '%s: pool name %r in pool %s' % (label, m.group(1), pool))
            check(int(m.group(2)) == len(r['payload']), '%s: len mismatch in %r' % (label, r['header']))
            key = (event_name(r), r['payload'])
            if pool == 'all':
                serial_of.setdefault(key, set()).add(header_field(r, 'serial'))
    # The same event carries the same global serial in every pool.
    for pool, records in results.items():
        if pool == 'all':
            continue
        for r in records:
            key = (event_name(r), r['payload'])
            if key in serial_of:
                check(header_field(r, 'serial') in serial_of[key],
                      '%s: %s serial %d not the one pool all saw' % (label, pool, header_field(r, 'serial')))
    # Pids are masked in comparisons, so check them here: every event of one run of a process
    # (STARTING to STARTING) reports the same real pid, also the EXITED/STOPPED of its death.
    pid_of = {}
    for r in results['all']:
        if event_name(r) == 'PROCESS_STATE_STARTING':
            pid_of.pop(r['payload'].split()[0], None)
            continue
        m = re.match(r'processname:(\S+) groupname:\S+ (?:from_state:\S+ )?(?:expected:\d )?pid:(\d+)', r['payload'])
        if not m:
            continue
        name, pid = 'processname:' + m.group(1), int(m.group(2))
        check(pid > 1, '%s: %s with pid %d' % (label, event_name(r), pid))
        check(pid_of.setdefault(name, pid) == pid, '%s: %s of %s reports pid %d, earlier %d' % (
            label, event_name(r), name, pid, pid_of[name]))
    # "all" has room for everything: pool serials 0.. without gaps, serials increasing.
    allrec = results['all']
    check([header_field(r, 'poolserial') for r in allrec] == list(range(len(allrec))),
          '%s: pool all has gaps in poolserial' % label)
    serials = [header_field(r, 'serial') for r in allrec]
    check(serials == sorted(serials), '%s: pool all serials not increasing' % label)


def compare_reload(dirs):
    """numprocs=2 pool, a protocol violator, a listener's own channels, a reload."""
    ref_dir = tempfile.mkdtemp(prefix='ev-reload-ref-')
    our_dir = tempfile.mkdtemp(prefix='ev-reload-ours-')
    dirs += [ref_dir, our_dir]
    try:
        ref, ref_log = scenario_reload.run(REFERENCE, ref_dir)
        mine, our_log = scenario_reload.run(os.environ['SUP_SUPERVISORD'], our_dir)
    except scenario.ScenarioError as e:
        check(False, 'reload scenario: %s' % e)
        return
    # Shutdown/reload stop events and ticks depend on timing; everything else must match.
    timing = ('TICK_', 'PROCESS_STATE_STOPPING', 'PROCESS_STATE_STOPPED')
    steady = lambda recs: [r for r in recs if not event_name(r).startswith(timing)]
    for pool in ('watch', 'duo'):
        a = collections.Counter(masked(steady(ref[pool]), keep_poolserial=False))
        b = collections.Counter(masked(steady(mine[pool]), keep_poolserial=False))
        if not check(a == b, 'reload scenario: pool %s differs' % pool):
            for k in sorted((a - b).keys()):
                print('  only in reference:', k)
            for k in sorted((b - a).keys()):
                print('  only in ours:', k)
    for label, res, log in (('reference', ref, ref_log), ('ours', mine, our_log)):
        watch = res['watch']
        names = [event_name(r) for r in watch]
        check(names.count('SUPERVISOR_STATE_CHANGE_RUNNING') == 2, '%s: not two RUNNING events' % label)
        serials = [header_field(r, 'serial') for r in watch]
        check(serials == sorted(serials) and len(set(serials)) == len(serials),
              '%s: global serial not increasing across the reload' % label)
        restarts = [i for i, r in enumerate(watch) if header_field(r, 'poolserial') == 0]
        check(len(restarts) == 2 and names[restarts[1]] == 'PROCESS_GROUP_ADDED',
              '%s: poolserial did not restart at the reload' % label)
        bad_out = [r for r in watch if event_name(r) == 'PROCESS_LOG_STDOUT' and 'processname:bad ' in r['payload']]
        bad_err = [r for r in watch if event_name(r) == 'PROCESS_LOG_STDERR' and 'processname:bad ' in r['payload']]
        check(not bad_out, '%s: a listener stdout produced PROCESS_LOG_STDOUT' % label)
        check(len(bad_err) == 2 and bad_err[0]['payload'].endswith('channel:stderr\nto stderr\n'),
              '%s: listener stderr events: %r' % (label, bad_err))
        for line in ('DEBG bad: ACKNOWLEDGED -> READY', 'DEBG bad: READY -> UNKNOWN',
                     'WARN bad: has entered the UNKNOWN state and will no longer receive events, this usually '
                     'indicates the process violated the eventlistener protocol'):
            check(log.count(line) == 2, '%s: log line %r not seen twice' % (label, line))
        check('sent to listener bad' not in log, '%s: an event was sent to the UNKNOWN listener' % label)


def context_switches(pid):
    total = 0
    for task in os.listdir('/proc/%d/task' % pid):
        with open('/proc/%d/task/%s/status' % (pid, task)) as f:
            for line in f:
                if line.startswith(('voluntary_ctxt_switches', 'nonvoluntary_ctxt_switches')):
                    total += int(line.split()[1])
    return total


def children(pid):
    pids = []
    for task in os.listdir('/proc/%d/task' % pid):
        with open('/proc/%d/task/%s/children' % (pid, task)) as f:
            pids += [int(p) for p in f.read().split()]
    return pids


def check_idle(daemon, dirs):
    """Listeners not subscribed to TICK cost no wake-ups: our daemon sleeps while nothing happens."""
    workdir = tempfile.mkdtemp(prefix='ev-idle-')
    dirs.append(workdir)
    conf = os.path.join(workdir, 'supervisord.conf')
    with open(conf, 'w') as f:
        f.write('[supervisord]\nnodaemon=true\nlogfile=%s/supervisord.log\npidfile=%s/supervisord.pid\n'
                '[eventlistener:l]\ncommand=/bin/sh %s/record_listener.sh %s/idle-shell.rec\nevents=PROCESS_STATE\n'
                '[program:p]\ncommand=/bin/sleep 60\n' % (workdir, workdir, scenario.HERE, workdir))
    out = open(os.path.join(workdir, 'daemon.out'), 'w')
    proc = subprocess.Popen([daemon, '-n', '-c', conf], stdout=out, stderr=subprocess.STDOUT)
    try:
        scenario.wait_for('p RUNNING delivered', lambda: any(
            'processname:p ' in r['payload'] and 'RUNNING' in r['header']
            for r in scenario.read_records(os.path.join(workdir, 'idle-shell.rec'))))
        # Settled: the listener has answered and blocks reading its next event, and the
        # daemon (woken by that answer) has handled it and sleeps too.
        scenario.wait_for('listener and daemon asleep', lambda: all(
            scenario.asleep(pid) for pid in children(proc.pid) + [proc.pid]))
        before = context_switches(proc.pid)
        time.sleep(3)  # the scenario itself: three idle seconds
        woke = context_switches(proc.pid) - before
        check(woke <= 2, 'idle daemon with a non-TICK listener woke %d times in 3 s' % woke)
    except scenario.ScenarioError as e:
        check(False, 'idle check: %s' % e)
    finally:
        scenario.stop_daemon(proc)
        out.close()


def main():
    ours = os.environ.get('SUP_SUPERVISORD')
    if not ours or not os.path.exists(ours):
        print('SUP_SUPERVISORD not set or missing')
        return 1
    if not os.path.exists(REFERENCE):
        print('reference supervisord missing: ' + REFERENCE)
        return 1
    dirs = []
    try:
        ref_dir = tempfile.mkdtemp(prefix='ev-ref-')
        our_dir = tempfile.mkdtemp(prefix='ev-ours-')
        dirs = [ref_dir, our_dir]
        ref, ref_log, _ = scenario.run(REFERENCE, ref_dir, use_rpc=True)
        mine, our_log, _ = scenario.run(ours, our_dir, use_rpc=True)
    except scenario.ScenarioError as e:
        print('scenario failed: %s (dirs kept: %s)' % (e, dirs))
        return 1

    validate_headers('reference', ref)
    validate_headers('ours', mine)

    for pool in ['shell', 'failonce', 'victim', 'slow']:
        a, b = masked(ref[pool]), masked(mine[pool])
        if not check(a == b, 'pool %s differs' % pool):
            print('--- pool %s, reference:' % pool)
            for x in a:
                print('   ', x)
            print('--- pool %s, ours:' % pool)
            for x in b:
                print('   ', x)

    ref_run, ref_tail = split_at_stopping(ref['all'])
    our_run, our_tail = split_at_stopping(mine['all'])
    no_ticks = lambda recs: [r for r in recs if not event_name(r).startswith('TICK_')]
    a = collections.Counter(masked(no_ticks(ref_run), keep_poolserial=False))
    b = collections.Counter(masked(no_ticks(our_run), keep_poolserial=False))
    if not check(a == b, 'pool all: events before shutdown differ'):
        for k in sorted((a - b).keys()):
            print('  only in reference:', k)
        for k in sorted((b - a).keys()):
            print('  only in ours:', k)
    ta, tb = masked(no_ticks(ref_tail), False), masked(no_ticks(our_tail), False)
    if not check(is_subsequence(ta, tb), 'pool all: shutdown events are not a superset of the reference'):
        print('  reference tail:', ta)
        print('  our tail:', tb)

    expected_types = {
        'PROCESS_GROUP_ADDED', 'PROCESS_GROUP_REMOVED', 'SUPERVISOR_STATE_CHANGE_RUNNING',
        'SUPERVISOR_STATE_CHANGE_STOPPING', 'PROCESS_STATE_STARTING', 'PROCESS_STATE_RUNNING',
        'PROCESS_STATE_BACKOFF', 'PROCESS_STATE_FATAL', 'PROCESS_STATE_EXITED', 'PROCESS_STATE_STOPPING',
        'PROCESS_STATE_STOPPED', 'PROCESS_LOG_STDOUT', 'PROCESS_LOG_STDERR', 'PROCESS_COMMUNICATION_STDOUT',
        'PROCESS_COMMUNICATION_STDERR', 'REMOTE_COMMUNICATION', 'TICK_5'}
    for label, res in (('reference', ref), ('ours', mine)):
        seen = {event_name(r) for r in res['all']}
        check(expected_types <= seen, '%s: event types not seen: %s' % (label, sorted(expected_types - seen)))
        for r in res['all']:
            if event_name(r) == 'TICK_5':
                when = int(r['payload'].split(':')[1])
                check(when % 5 == 0, '%s: TICK_5 when:%d not a multiple of 5' % (label, when))

    # Overflow: the 4 oldest of the 7 burst events were discarded, with Supervisor's log line.
    for label, res, log in (('reference', ref, ref_log), ('ours', mine, our_log)):
        discarded = [int(x) for x in re.findall(r'pool slow event buffer overflowed, discarding event (\d+)', log)]
        burst = {r['payload'].rsplit('\n', 1)[1]: header_field(r, 'serial') for r in res['all']
                 if event_name(r) == 'PROCESS_COMMUNICATION_STDOUT'}
        check(discarded == [burst.get('burst %d' % i) for i in (2, 3, 4, 5)],
              '%s: discarded %s, burst serials %s' % (label, discarded, burst))
        check('ERRO pool slow event buffer overflowed' in log, '%s: overflow not logged at ERRO' % label)

    compare_reload(dirs)
    check_idle(ours, dirs)

    if failures:
        print('FAILED (dirs kept: %s):' % dirs)
        for f in failures:
            print(' -', f)
        return 1
    for d in dirs:
        shutil.rmtree(d, ignore_errors=True)
    print('events_compare: OK (%d reference and %d own records compared)' % (
        sum(map(len, ref.values())), sum(map(len, mine.values()))))
    return 0


if __name__ == '__main__':
    sys.exit(main())
