#!/usr/bin/env python3
"""Checks that supervisord/'s rooms import one way.

Rooms, lowest first: child, core, health, events, rpc, http, daemon. A file may include headers of
its own room and of rooms below it, never of a room above. supervisord/main.cpp sits above
them all. The top-level libraries keep their own order: common < xmlrpc < web-ui <
supervisord; supervisorctl uses common and xmlrpc only.

Usage: check_rooms.py SOURCE_DIR   (exit 1 and one line per violation)
"""
import pathlib
import re
import sys

ROOMS = ["child", "core", "health", "events", "rpc", "http", "daemon"]
LIBRARIES = {"common": 0, "xmlrpc": 1, "web-ui": 2, "supervisord": 3}
# What each top-level folder may include, besides itself.
ALLOWED = {
    "common": set(),
    "xmlrpc": {"common"},
    "web-ui": {"common", "xmlrpc"},
    "supervisord": {"common", "xmlrpc", "web-ui"},
    "supervisorctl": {"common", "xmlrpc"},
}
INCLUDE = re.compile(r'^\s*#\s*include\s+"([^"]+)"', re.M)


def sources(root, folder):
    base = root / folder
    return sorted(p for p in base.rglob("*") if p.suffix in (".h", ".cpp") and p.is_file())


def main():
    root = pathlib.Path(sys.argv[1]).resolve()
    problems = []
    checked = 0
    for folder, allowed in ALLOWED.items():
        for path in sources(root, folder):
            checked += 1
            rel = path.relative_to(root)
            for target in INCLUDE.findall(path.read_text(errors="replace")):
                top = target.split("/", 1)[0]
                if top not in ALLOWED:
                    continue  # a file of the same folder, or a system header in quotes
                if top != folder and top not in allowed:
                    problems.append(f"{rel}: includes {target} ({folder} may not use {top})")
                    continue
                if folder == "supervisord" and top == "supervisord":
                    parts = rel.parts
                    if len(parts) == 2:
                        continue  # supervisord/main.cpp wires the rooms together
                    own = parts[1]
                    tparts = target.split("/")
                    if len(tparts) != 3 or tparts[1] not in ROOMS:
                        problems.append(f"{rel}: includes {target}, which is in no room")
                        continue
                    if ROOMS.index(tparts[1]) > ROOMS.index(own):
                        problems.append(f"{rel}: includes {target} (room {own} is below {tparts[1]})")
    for room in ROOMS:
        if not (root / "supervisord" / room).is_dir():
            problems.append(f"supervisord/{room}/ is missing")
    stray = [p for p in (root / "supervisord").glob("*.[ch]*") if p.name != "main.cpp"]
    problems += [f"{p.relative_to(root)}: outside every room" for p in stray]
    for line in problems:
        print(line)
    if checked < 100:
        problems.append(f"only {checked} files found under {root}: wrong source directory?")
        print(problems[-1])
    print(f"checked {checked} files, {len(problems)} problem(s)")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
