#!/usr/bin/env python3
"""Python's xmlrpc.client (and Supervisor's own transport, when importable) against our
HTTP/XML-RPC server, run as the xmlrpc_echo_server binary given as argv[1]."""
import datetime
import os
import shutil
import subprocess
import sys
import tempfile
import time
import xmlrpc.client

SERVER = sys.argv[1]
failures = []


def check(cond, what):
    if not cond:
        failures.append(what)
        print("FAILED:", what)


def start(tmp, name, *extra):
    port_file = os.path.join(tmp, name + ".port")
    proc = subprocess.Popen([SERVER, "--port-file", port_file, *extra])
    deadline = time.time() + 10
    while not os.path.exists(port_file):
        if proc.poll() is not None or time.time() > deadline:
            raise RuntimeError("echo server did not start")
        time.sleep(0.02)
    with open(port_file) as f:
        return proc, int(f.read())


def stop(proc):
    proc.terminate()
    try:
        proc.wait(5)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


def expect_protocol_error(fn, code, what):
    try:
        fn()
    except xmlrpc.client.ProtocolError as e:
        check(e.errcode == code, "%s: errcode %r" % (what, e.errcode))
    else:
        check(False, what + ": no ProtocolError")


def exercise_plain(port):
    proxy = xmlrpc.client.ServerProxy("http://127.0.0.1:%d/RPC2" % port)
    values = [0, -2147483648, 2147483647, True, False, "", "caf\u00e9 <&> \u2603", 2.5, -0.0,
              [1, "two", [3.0, []]], {"a": 1, "nested": {"b": [True, "x"]}, "": "empty key"},
              xmlrpc.client.DateTime("20260101T10:00:00")]
    for v in values:
        got = proxy.test.echo(v)
        check(got == v, "echo %r -> %r" % (v, got))
    # Supervisor reads <base64> as UTF-8 text; other bytes are a bad request.
    check(proxy.test.echo(xmlrpc.client.Binary("caf\u00e9".encode())) == "caf\u00e9", "base64 text")
    expect_protocol_error(lambda: proxy.test.echo(xmlrpc.client.Binary(b"\xff\xfe")), 400, "base64 bytes")
    check(proxy.test.add(20, 22) == 42, "add")
    try:
        proxy.test.fail(70, "NOT_RUNNING: foo")
        check(False, "fault not raised")
    except xmlrpc.client.Fault as f:
        check(f.faultCode == 70 and f.faultString == "NOT_RUNNING: foo", "fault %r" % f)
    try:
        proxy.nope.method()
        check(False, "unknown method")
    except xmlrpc.client.Fault as f:
        check(f.faultCode == 1 and f.faultString == "UNKNOWN_METHOD", "unknown %r" % f)
    try:
        proxy.test.add(1)
        check(False, "arity")
    except xmlrpc.client.Fault as f:
        check(f.faultCode == 2, "arity %r" % f)
    expect_protocol_error(proxy.test.boom, 500, "boom")
    expect_protocol_error(proxy.test.overflow, 500, "overflow")
    # Unlike Supervisor, what XML cannot carry goes out as U+FFFD, so that expat reads it.
    check(proxy.test.echo("\x1b[31mred\ufffe") == "\ufffd[31mred\ufffd", "control characters")
    methods = proxy.system.listMethods()
    check(methods == sorted(methods) and "test.add" in methods and "system.multicall" in methods, "listMethods")
    check(proxy.system.methodSignature("test.add") == ["int", "int", "int"], "methodSignature")
    check(proxy.system.multicall([{"methodName": "test.add", "params": [1, 2]},
                                  {"methodName": "nope.x"},
                                  {"methodName": "test.later", "params": [50, "late"]}]) ==
          [3, {"faultCode": 1, "faultString": "UNKNOWN_METHOD"}, "late"], "multicall")
    big = proxy.test.big(1000)
    check(len(big) == 1000 and big[999]["name"] == "proc_999", "big")
    check(proxy.test.later(100, "x") == "x", "deferred")


def exercise_supervisor_transport(sock):
    sys.path.append("/usr/lib/python3/dist-packages")
    try:
        from supervisor.xmlrpc import SupervisorTransport
    except ImportError:
        print("note: supervisor package not importable; SupervisorTransport part skipped")
        return
    transport = SupervisorTransport(None, None, "unix://" + sock)
    proxy = xmlrpc.client.ServerProxy("http://127.0.0.1", transport=transport)
    for i in range(5):  # one kept-alive connection
        check(proxy.test.add(i, 1) == i + 1, "unix add %d" % i)


def exercise_auth(port):
    good = xmlrpc.client.ServerProxy("http://bob:secret@127.0.0.1:%d/RPC2" % port)
    check(good.test.add(1, 1) == 2, "auth good")
    expect_protocol_error(xmlrpc.client.ServerProxy("http://bob:nope@127.0.0.1:%d/RPC2" % port).test.add, 401,
                          "auth wrong")
    expect_protocol_error(xmlrpc.client.ServerProxy("http://127.0.0.1:%d/RPC2" % port).test.add, 401, "auth none")


def main():
    tmp = tempfile.mkdtemp(prefix="xmlrpc-py-")
    procs = []
    try:
        sock = os.path.join(tmp, "s.sock")
        proc, port = start(tmp, "plain", "--unix", sock)
        procs.append(proc)
        exercise_plain(port)
        exercise_supervisor_transport(sock)
        proc, auth_port = start(tmp, "auth", "--user", "bob", "--password",
                                "{SHA}e5e9fa1ba31ecd1ae84f75caaa474f3a663f05f4")
        procs.append(proc)
        exercise_auth(auth_port)
    finally:
        for p in procs:
            stop(p)
        shutil.rmtree(tmp, ignore_errors=True)
    if failures:
        print("%d failure(s)" % len(failures))
        return 1
    print("all python client checks passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
