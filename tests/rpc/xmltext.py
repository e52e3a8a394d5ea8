"""Every answer is XML 1.0 (README 'Differences from Supervisor'): a child printing control
bytes, invalid UTF-8 and U+FFFE, and names that carry such bytes in a request, give answers
that Python's xmlrpc.client and Python's supervisorctl read, with U+FFFD in place of what XML
cannot carry and log offsets counted in the log's bytes. Supervisor answers these with a body
that is not XML (or HTTP 500)."""

import os
import re
import subprocess
import xmlrpc.client

from rpclib import Checker, UnixConnection, daemon_args, eventually, proxy

args = daemon_args()
c = Checker()
sv = proxy(args.sock).supervisor
OUT = os.path.join(args.dir, 'noisy.out')
ERR = os.path.join(args.dir, 'noisy.err')
STDOUT = b'a\x01b\x1b[31mc\x00d\xff\xfee\xef\xbf\xbef\xef\xbf\xbd\n'
STDERR = b'E\x02\xff\t\n'


def xml_text(raw):
    """What we send for `raw` log bytes: one U+FFFD per byte that is not UTF-8 (each invalid
    byte here stands alone), per C0 control but tab/LF/CR, per U+FFFE/U+FFFF."""
    text = raw.decode('utf-8', 'replace')
    return re.sub('[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]', '\ufffd', text)


def answer(fn, *a):
    """The value, or why Python's client could not take the answer."""
    try:
        return fn(*a)
    except Exception as e:
        return 'unparsable: %s: %s' % (type(e).__name__, e)


eventually(lambda: os.path.exists(OUT) and open(OUT, 'rb').read() == STDOUT
           and os.path.exists(ERR) and open(ERR, 'rb').read() == STDERR, what='the child output in its logs')

for channel, raw in (('Stdout', STDOUT), ('Stderr', STDERR)):
    read = getattr(sv, 'readProcess%sLog' % channel)
    tail = getattr(sv, 'tailProcess%sLog' % channel)
    c.eq('readProcess%sLog whole' % channel, answer(read, 'noisy', 0, 0), xml_text(raw))
    c.eq('readProcess%sLog bytes 1..3' % channel, answer(read, 'noisy', 1, 3), xml_text(raw[1:4]))
    c.eq('readProcess%sLog last 4 bytes' % channel, answer(read, 'noisy', -4, 0), xml_text(raw[-4:]))
    # Offsets and lengths count the log's bytes, not the characters sent.
    c.eq('tailProcess%sLog' % channel, answer(tail, 'noisy', 0, 1000), [xml_text(raw), len(raw), False])
    c.eq('tailProcess%sLog last 4 bytes' % channel, answer(tail, 'noisy', 0, 4), [xml_text(raw[-4:]), len(raw), True])
    c.eq('tailProcess%sLog from the end' % channel, answer(tail, 'noisy', len(raw), 5), ['', len(raw), False])
c.eq('readProcessLog (alias)', answer(sv.readProcessLog, 'noisy', 0, 0), xml_text(STDOUT))
c.eq('tailProcessLog (alias)', answer(sv.tailProcessLog, 'noisy', 0, 1000), [xml_text(STDOUT), len(STDOUT), False])

# supervisorctl tail: Python's (the reference client) and ours.
for label, ctl in (('Python', '/usr/bin/supervisorctl'), ('ours', os.environ.get('SUP_SUPERVISORCTL'))):
    if not ctl:
        continue
    for cmd, raw in ((['tail', 'noisy'], STDOUT), (['tail', 'noisy', 'stderr'], STDERR)):
        r = subprocess.run([ctl, '-c', args.conf] + cmd, capture_output=True, timeout=30)
        c.eq('%s supervisorctl %s' % (label, ' '.join(cmd)), (r.returncode, r.stdout.decode(), r.stderr.decode()),
             (0, xml_text(raw) + '\n', ''))  # print() adds a line end


def raw_call(body):
    """POSTs `body` (bytes) to /RPC2 and parses the answer with xmlrpc.client."""
    conn = UnixConnection(args.sock)
    try:
        conn.request('POST', '/RPC2', body, {'Content-Type': 'text/xml'})
        r = conn.getresponse()
        data = r.read()
    except OSError as e:  # Supervisor drops some of these requests without an answer
        return {'no answer': type(e).__name__}
    finally:
        conn.close()
    if r.status != 200:
        return {'http': r.status}
    try:
        return {'value': xmlrpc.client.loads(data.decode('utf-8'))[0][0]}
    except xmlrpc.client.Fault as f:
        return {'fault': [f.faultCode, f.faultString]}
    except Exception as e:  # not XML: the failure this test is about
        return {'unparsable': '%s: %s' % (type(e).__name__, e)}


# Names echoed in fault strings: bytes that are not UTF-8, a character reference to a
# control character, a raw control byte, and U+FFFF.
for name, echoed in ((b'\xff\xfe', '\ufffd\ufffd'), (b'a&#1;b', 'a\ufffdb'), (b'x\x01y', 'x\ufffdy'),
                     (b'p\xef\xbf\xbfq', 'p\ufffdq')):
    body = (b"<?xml version='1.0'?>\n<methodCall>\n<methodName>supervisor.getProcessInfo</methodName>\n"
            b"<params>\n<param>\n<value><string>" + name + b"</string></value>\n</param>\n</params>\n</methodCall>\n")
    c.eq('BAD_NAME for %r' % name, raw_call(body), {'fault': [10, 'BAD_NAME: ' + echoed]})
    body = (b"<?xml version='1.0'?>\n<methodCall>\n<methodName>supervisor.nope" + name + b"</methodName>\n"
            b"</methodCall>\n")
    c.eq('unknown method %r' % name, raw_call(body), {'fault': [1, 'UNKNOWN_METHOD']})
c.finish()
