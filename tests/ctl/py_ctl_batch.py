#!/usr/bin/env python3
"""Runs many invocations of Python's supervisorctl in one interpreter, to spare the golden
test a 0.2-0.5 s interpreter start per invocation. Each one calls supervisor.supervisorctl's
main() -- the function /usr/bin/supervisorctl runs -- with fresh options, sys.argv[0] set to
/usr/bin/supervisorctl, stdout/stderr captured through UTF-8 text streams and the exit status
taken from SystemExit.

stdin: JSON list of argument lists; stdout: JSON list of [stdout, stderr, status]."""

import io
import json
import sys

import supervisor.options
import supervisor.supervisorctl


def run_one(args):
    out_bytes, err_bytes = io.BytesIO(), io.BytesIO()
    out = io.TextIOWrapper(out_bytes, encoding="utf-8", write_through=True)
    err = io.TextIOWrapper(err_bytes, encoding="utf-8", write_through=True)
    saved = sys.stdout, sys.stderr, sys.argv
    sys.stdout, sys.stderr = out, err
    sys.argv = ["/usr/bin/supervisorctl"] + args
    # Options binds these at import time; point them at this invocation's streams.
    supervisor.options.Options.stdout = out
    supervisor.options.Options.stderr = err
    supervisor.options.Options.progname = "/usr/bin/supervisorctl"
    status = 0
    try:
        supervisor.supervisorctl.main(args)
    except SystemExit as e:
        status = e.code if isinstance(e.code, int) else (0 if e.code is None else 1)
    finally:
        out.flush()
        err.flush()
        sys.stdout, sys.stderr, sys.argv = saved
    return [out_bytes.getvalue().decode("utf-8", "replace"),
            err_bytes.getvalue().decode("utf-8", "replace"), status]


def main():
    batch = json.load(sys.stdin)
    json.dump([run_one(a) for a in batch], sys.stdout)


if __name__ == "__main__":
    main()
