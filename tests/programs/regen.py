#!/usr/bin/env python3
"""Regenerates the expected output of every corpus program with CPython 3.11.

Run from anywhere: python3 tests/programs/regen.py [NAME.py ...]
Programs whose first line is `# gilscope-test: gilscope-only` keep their
hand-written .expected.json. Absolute paths become {DIR}; CPython's
threading.py path becomes the one gilscope prints.
"""
import json
import os
import subprocess
import sys
import threading

HERE = os.path.dirname(os.path.abspath(__file__))
THREADING = os.path.abspath(threading.__file__)
GILSCOPE_THREADING = "/usr/lib/python3.11/threading.py"


def options(path):
    with open(path, encoding="utf-8") as f:
        first = f.readline()
    if not first.startswith("# gilscope-test:"):
        return {}
    opts = {}
    rest = first[len("# gilscope-test:"):].strip()
    if "args=" in rest:
        rest, args = rest.split("args=", 1)
        opts["args"] = args.split()
    for word in rest.split():
        opts[word] = True
    return opts


def regen(name):
    path = os.path.join(HERE, name)
    opts = options(path)
    if opts.get("gilscope-only"):
        return
    r = subprocess.run(
        [sys.executable, name, *opts.get("args", [])],
        cwd=HERE, capture_output=True, text=True, timeout=120,
    )
    def norm(s):
        return s.replace(THREADING, GILSCOPE_THREADING).replace(HERE, "{DIR}")
    expected = {"status": r.returncode, "stdout": norm(r.stdout), "stderr": norm(r.stderr)}
    with open(path[:-3] + ".expected.json", "w", encoding="utf-8") as f:
        json.dump(expected, f, indent=1, ensure_ascii=False)
        f.write("\n")


names = sys.argv[1:] or sorted(n for n in os.listdir(HERE) if n.endswith(".py") and n != "regen.py")
for n in names:
    regen(os.path.basename(n))
