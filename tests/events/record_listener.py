#!/usr/bin/python3
"""Event listener written against supervisor.childutils that records every event it receives.

usage: record_listener.py RECORD_FILE MODE [GO_FILE]

Each received event is appended to RECORD_FILE as one JSON line {"header": raw header line,
"payload": payload text} *before* it is answered. MODE:
  ok        answer OK to everything
  failonce  answer FAIL the first time a serial is seen, OK when it comes again
  dieonce   killed (SIGKILL) before answering the first event ever received (marker
            file RECORD_FILE.died), OK afterwards
  slow      after the first event, wait until GO_FILE exists before answering it
"""
import json
import os
import signal
import sys
import time

from supervisor import childutils


def record(path, header, payload):
    with open(path, 'a', encoding='utf-8') as f:
        f.write(json.dumps({'header': header, 'payload': payload}) + '\n')


def main():
    path, mode = sys.argv[1], sys.argv[2]
    go_file = sys.argv[3] if len(sys.argv) > 3 else None
    seen = set()
    count = 0
    while True:
        childutils.listener.ready()
        line = sys.stdin.readline()
        if not line:
            return
        headers = childutils.get_headers(line)
        payload = sys.stdin.read(int(headers['len']))
        record(path, line, payload)
        count += 1
        if mode == 'failonce' and headers['serial'] not in seen:
            seen.add(headers['serial'])
            childutils.listener.fail()
            continue
        if mode == 'dieonce' and not os.path.exists(path + '.died'):
            open(path + '.died', 'w').close()
            os.kill(os.getpid(), signal.SIGKILL)
        if mode == 'slow' and count == 1:
            while not os.path.exists(go_file):
                time.sleep(0.05)
        childutils.listener.ok()


if __name__ == '__main__':
    main()
