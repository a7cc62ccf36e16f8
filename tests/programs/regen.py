#!/usr/bin/env python3
"""Regenerates the expected output of every corpus program with CPython 3.11.

Run from anywhere: python3 tests/programs/regen.py [NAME.py ...]
Programs whose first line is `# gilscope-test: gilscope-only` keep their
hand-written .expected.json. Absolute paths become {DIR}; the paths of CPython's
library (threading.py, multiprocessing/process.py) become the ones gilscope prints.

`# gilscope-test: tty` runs the program with stdout on a terminal (a pseudo-terminal,
line-buffered, PYTHONUNBUFFERED unset), as gilscope simulates it: with several
processes, what reaches the terminal and when depends on that buffering (a pipe would
hold each process's output until it exits).
"""
import json
import os
import pty
import subprocess
import sys
import termios
import threading

HERE = os.path.dirname(os.path.abspath(__file__))
LIBRARY = os.path.dirname(os.path.abspath(threading.__file__)) + os.sep
GILSCOPE_LIBRARY = "/usr/lib/python3.11/"


def options(path):
    with open(path, encoding="utf-8", errors="replace") as f:
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


def run_on_tty(argv):
    """Runs argv with stdout on a pseudo-terminal (no newline translation) and stderr on a
    pipe; gives (status, stdout, stderr)."""
    master, slave = pty.openpty()
    attrs = termios.tcgetattr(slave)
    attrs[1] &= ~termios.OPOST
    termios.tcsetattr(slave, termios.TCSANOW, attrs)
    env = dict(os.environ)
    env.pop("PYTHONUNBUFFERED", None)
    p = subprocess.Popen(argv, cwd=HERE, env=env, stdin=subprocess.DEVNULL, stdout=slave,
                         stderr=subprocess.PIPE)
    os.close(slave)
    out = b""
    while True:
        try:
            chunk = os.read(master, 65536)
        except OSError:
            break
        if not chunk:
            break
        out += chunk
    os.close(master)
    err = p.stderr.read()
    status = p.wait(timeout=120)
    return status, out.decode(), err.decode()


def regen(name):
    path = os.path.join(HERE, name)
    opts = options(path)
    if opts.get("gilscope-only"):
        return
    argv = [sys.executable, name, *opts.get("args", [])]
    if opts.get("tty"):
        status, stdout, stderr = run_on_tty(argv)
    else:
        r = subprocess.run(argv, cwd=HERE, capture_output=True, text=True, timeout=120)
        status, stdout, stderr = r.returncode, r.stdout, r.stderr
    def norm(s):
        return s.replace(LIBRARY, GILSCOPE_LIBRARY).replace(HERE, "{DIR}")
    expected = {"status": status, "stdout": norm(stdout), "stderr": norm(stderr)}
    with open(path[:-3] + ".expected.json", "w", encoding="utf-8") as f:
        json.dump(expected, f, indent=1, ensure_ascii=False)
        f.write("\n")


names = sys.argv[1:] or sorted(n for n in os.listdir(HERE) if n.endswith(".py") and n != "regen.py")
for n in names:
    regen(os.path.basename(n))
