#!/usr/bin/env python3
"""Regenerates crates/python/src/codegen/interned.txt: the strings made of letters, digits
and underscores that CPython 3.11 has interned when `python3 -m dis FILE` compiles FILE.

The order of a frozenset constant depends on them: when a code object is made, its string
constants are interned, and a frozenset one of whose strings was already interned (as
another object) is built once more, which can reorder it.

Run with CPython 3.11: python3 tests/dis/interned.py
The candidates are every identifier of CPython's library sources and every string key,
name and constant reachable in the state `dis` compiles in (COLLECT). Each is then
tested in a second process, in the state `dis` compiles in: PROBE replaces `compile` and
runs `dis` as `python3 -m dis` does. PROBE's own names are ones CPython's library interns
anyway, so that it adds none.
"""
import os
import re
import subprocess
import sys
import sysconfig

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "..", "..", "crates", "python", "src", "codegen", "interned.txt")

COLLECT = """
import builtins, gc, runpy, sys
def collect(*args, **kwargs):
    found = set()
    for obj in gc.get_objects():
        items = ()
        if type(obj) is dict:
            items = obj.keys()
        elif type(obj) in (tuple, list):
            items = obj
        elif type(obj).__name__ == "code":
            items = obj.co_names + obj.co_varnames + obj.co_consts + (obj.co_name,)
        found.update(s for s in items if type(s) is str and len(s) > 1)
    sys.stderr.write("\\n".join(found))
    sys.exit(0)
builtins.compile = collect
sys.argv = ["dis", sys.argv[1]]
runpy.run_module("dis", run_name="__main__", alter_sys=True)
"""

PROBE = """
import builtins, sys, runpy, re
original = builtins.compile
files = sys.argv[1:3]
def wrapper(source, filename, mode, *args, **kwargs):
    with open(files[0]) as f:
        names = f.read().split()
    with open(files[1], "w") as f:
        f.write("\\n".join(s for s in names if len(s) > 1 and re.fullmatch("[A-Za-z0-9_]+", s) and sys.intern(s) is not s))
    return original(source, filename, mode, *args, **kwargs)
builtins.compile = wrapper
sys.argv = ["dis", sys.argv[3]]
runpy.run_module("dis", run_name="__main__", alter_sys=True)
"""


def library_identifiers():
    found = set()
    for root, dirs, files in os.walk(sysconfig.get_paths()["stdlib"]):
        if "site-packages" in root:
            continue
        for name in files:
            if name.endswith(".py"):
                with open(os.path.join(root, name), encoding="utf-8", errors="replace") as f:
                    found.update(re.findall(r"\b[A-Za-z_][A-Za-z0-9_]+\b", f.read()))
    return found


def main():
    if sys.version_info[:2] != (3, 11):
        sys.exit("run this with CPython 3.11 (this is %s)" % sys.version.split()[0])
    found = library_identifiers()
    run = subprocess.run(
        [sys.executable, "-c", COLLECT, os.devnull], check=True, capture_output=True
    )
    found.update(run.stderr.decode("utf-8", errors="replace").split())
    candidates, result = OUT + ".candidates", OUT + ".probe"
    with open(candidates, "w") as f:
        f.write("\n".join(sorted(found)))
    try:
        subprocess.run(
            [sys.executable, "-c", PROBE, candidates, result, os.devnull],
            check=True,
            stdout=subprocess.DEVNULL,
        )
        with open(result) as f:
            interned = sorted(set(f.read().split()))
    finally:
        for path in (candidates, result):
            if os.path.exists(path):
                os.remove(path)
    with open(OUT, "w", newline="\n") as f:
        f.write("\n".join(interned) + "\n")


if __name__ == "__main__":
    main()
