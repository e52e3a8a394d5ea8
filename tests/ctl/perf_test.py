#!/usr/bin/env python3
"""`status` over 1,000 processes: a canned XML-RPC server on a unix socket answers getVersion
and getAllProcessInfo, and our supervisorctl must print all 1,000 rows, the last one exactly.
No speed is asserted here (a loaded machine must not fail a test): how fast `status` is
belongs to bench/ (`ctl_status`, against both daemons)."""

import os
import socket
import subprocess
import sys
import tempfile
import threading
import xmlrpc.client
import shutil

OURS = os.environ.get("SUP_SUPERVISORCTL", "")
COUNT = 1000


def process_infos():
    infos = []
    for i in range(COUNT):
        infos.append({"name": "p%04d" % i, "group": "many", "start": 1, "stop": 0, "now": 2,
                      "state": 20, "statename": "RUNNING", "spawnerr": "", "exitstatus": 0,
                      "logfile": "/tmp/x", "stdout_logfile": "/tmp/x", "stderr_logfile": "",
                      "pid": 1000 + i, "description": "pid %d, uptime 0:00:01" % (1000 + i)})
    return infos


def response(value):
    body = xmlrpc.client.dumps((value,), methodresponse=True, allow_none=True).encode()
    return (b"HTTP/1.1 200 OK\r\nContent-Type: text/xml\r\nContent-Length: %d\r\n\r\n"
            % len(body)) + body


def serve(listener, replies, stop):
    while not stop.is_set():
        try:
            conn, _ = listener.accept()
        except OSError:
            return
        with conn:
            data = b""
            while True:  # keep-alive: answer every request on this connection
                while b"\r\n\r\n" not in data:
                    chunk = conn.recv(65536)
                    if not chunk:
                        break
                    data += chunk
                if b"\r\n\r\n" not in data:
                    break
                head, _, rest = data.partition(b"\r\n\r\n")
                length = 0
                for line in head.split(b"\r\n"):
                    if line.lower().startswith(b"content-length:"):
                        length = int(line.split(b":")[1])
                while len(rest) < length:
                    rest += conn.recv(65536)
                body, data = rest[:length], rest[length:]
                method = xmlrpc.client.loads(body)[1]
                conn.sendall(replies[method])


def main():
    if not OURS or not os.path.exists(OURS):
        print("SUP_SUPERVISORCTL is not set to our built supervisorctl")
        return 1
    tmp = tempfile.mkdtemp(prefix="ctl-perf-")
    path = os.path.join(tmp, "s.sock")
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    listener.bind(path)
    listener.listen(8)
    replies = {"supervisor.getVersion": response("3.0"),
               "supervisor.getAllProcessInfo": response(process_infos())}
    conf = os.path.join(tmp, "ctl.conf")  # never fall back to a system-wide config file
    with open(conf, "w") as f:
        f.write("[supervisorctl]\nserverurl=unix://%s\n" % path)
    stop = threading.Event()
    thread = threading.Thread(target=serve, args=(listener, replies, stop), daemon=True)
    thread.start()
    try:
        p = subprocess.run([OURS, "-c", conf, "status"], capture_output=True, timeout=30)
        lines = p.stdout.decode().splitlines()
        if p.returncode != 0 or len(lines) != COUNT:
            print("FAIL: rc %d, %d lines, stderr %r" % (p.returncode, len(lines), p.stderr))
            return 1
        expected = "many:p0999" + " " * 23 + "RUNNING   pid 1999, uptime 0:00:01"
        if lines[-1] != expected:
            print("FAIL: last row %r, expected %r" % (lines[-1], expected))
            return 1
        print("ok: status printed %d rows, the last one %r" % (COUNT, lines[-1]))
        return 0
    finally:
        stop.set()
        listener.close()
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
