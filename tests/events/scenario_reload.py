"""Second scripted scenario: a numprocs=2 pool, a listener that violates the protocol, event
settings on a listener's own channels, and a reload (SIGHUP).

run(daemon, workdir) returns (records per pool, main log text).
"""
import os
import signal
import sys

from scenario import ScenarioError, count, log_text, read_records, check_exit, start_daemon, stop_daemon, wait_for  # noqa: F401

CONFIG = """\
{supervisord}
[eventlistener:watch]
command={py} {here}/record_listener.py {dir}/watch.rec ok
events=EVENT
buffer_size=200
priority=-5

[eventlistener:duo]
command={py} {here}/record_listener.py {dir}/duo_%(process_num)d.rec ok
process_name=%(program_name)s_%(process_num)d
numprocs=2
events=PROCESS_STATE_RUNNING,PROCESS_STATE_EXITED,PROCESS_STATE
buffer_size=50
priority=-3

[eventlistener:bad]
command=/bin/sh -c 'printf "READY\\nREADY\\n"; printf "to stderr\\n" >&2; exec sleep 120'
events=PROCESS_STATE
stdout_events_enabled=true
stderr_events_enabled=true
stdout_capture_maxbytes=1MB
priority=-2

[program:once]
command=/bin/sh -c 'sleep 1.3; exit 2'
autorestart=false
exitcodes=0,2
"""


def records(workdir):
    out = {'watch': read_records(os.path.join(workdir, 'watch.rec'))}
    out['duo'] = read_records(os.path.join(workdir, 'duo_0.rec')) + read_records(os.path.join(workdir, 'duo_1.rec'))
    return out


def runnings(workdir):
    return sum(1 for r in read_records(os.path.join(workdir, 'watch.rec'))
               if 'SUPERVISOR_STATE_CHANGE_RUNNING' in r['header'])


def exited_once(workdir):
    return sum(1 for r in read_records(os.path.join(workdir, 'watch.rec'))
               if 'PROCESS_STATE_EXITED' in r['header'] and 'processname:once ' in r['payload'])


def run(daemon, workdir):
    proc, out = start_daemon(daemon, workdir, CONFIG, 'reloadtest')
    try:
        wait_for('first run: once exited', lambda: exited_once(workdir) >= 1)
        wait_for('bad in UNKNOWN', lambda: 'bad: READY -> UNKNOWN' in log_text(workdir))
        proc.send_signal(signal.SIGHUP)
        wait_for('second run: once exited', lambda: exited_once(workdir) >= 2)
        wait_for('bad in UNKNOWN again', lambda: log_text(workdir).count('bad: READY -> UNKNOWN') >= 2)
        proc.send_signal(signal.SIGTERM)
        proc.wait(timeout=30)
    finally:
        stop_daemon(proc)
        out.close()
    check_exit(proc, workdir)
    return records(workdir), log_text(workdir)


if __name__ == '__main__':
    import tempfile
    d = tempfile.mkdtemp(prefix='evreload-')
    res, log = run(sys.argv[1], d)
    for pool, recs in res.items():
        print('==', pool, len(recs))
        for r in recs:
            print(repr(r['header']), repr(r['payload']))
    print(d)
