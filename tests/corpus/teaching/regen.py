#!/usr/bin/env python3
"""Records CPython 3.11's output of every teaching program and decides its level.

Run from anywhere: python3 tests/corpus/teaching/regen.py [NAME.py ...]

Each program runs RUNS times (PYTHONHASHSEED varied), with stdout line-buffered as
on the terminal gilscope simulates (a sitecustomize.py in a temporary PYTHONPATH;
PYTHONUNBUFFERED is dropped from the environment). The level kept in
NAME.expected.json is the strictest comparison every pair of those runs passes:

  exact      stdout and stderr byte for byte
  unordered  the same lines, in any order
  numbers    the same lines in the same order, every number masked
  loose      the same lines in any order, every number masked
  chars      the same characters in any order, whitespace left out (threads'
             prints split lines where CPython switches between the text and
             its newline)

(tests/teaching.rs applies the same rules to gilscope's output.) A program whose
runs disagree even at `chars`, or in their exit status, is reported and left
unrecorded: rewrite it until CPython agrees with itself.

A program whose output CPython itself does not fix (how many updates a race
loses, which thread a timing decides) says so with a line

  # teaching: level numbers

and is then never recorded stricter than that level, however lucky the five
runs were. Keep such lines rare: prefer rewriting the program so CPython's
output is reproducible (no real dates, PIDs or timings printed as they are).

Files whose first line is `# teaching: module` are sibling modules the programs
import, not programs. Absolute paths become {DIR}; CPython's library folder
(threading.py, multiprocessing/process.py in tracebacks) becomes gilscope's,
/usr/lib/python3.11.
"""
import atexit
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading

HERE = os.path.dirname(os.path.abspath(__file__))
STDLIB = os.path.dirname(os.path.abspath(threading.__file__))
GILSCOPE_STDLIB = "/usr/lib/python3.11"
RUNS = 5
LEVELS = ["exact", "unordered", "numbers", "loose", "chars"]
NUMBER = re.compile(r"0x[0-9a-fA-F]+|\d+")


def is_module(path):
    with open(path, encoding="utf-8") as f:
        return f.readline().startswith("# teaching: module")


def mask(text):
    return NUMBER.sub("#", text)


def view(text, level):
    if level == "chars":
        return sorted(c for c in text if not c.isspace())
    if level in ("numbers", "loose"):
        text = mask(text)
    lines = text.split("\n")
    if level in ("unordered", "loose"):
        lines.sort()
    return lines


DECLARED = re.compile(r"^# teaching: level (\w+)\s*$", re.M)


def declared_level(path):
    """The loosest level the program's `# teaching: level` line allows, or exact."""
    with open(path, encoding="utf-8") as f:
        m = DECLARED.search(f.read())
    if not m:
        return "exact"
    if m.group(1) not in LEVELS:
        raise SystemExit(f"{path}: unknown level {m.group(1)!r} (one of {LEVELS})")
    return m.group(1)


def agree(a, b, level):
    return all(view(a[k], level) == view(b[k], level) for k in ("stdout", "stderr"))


# stdout as on a terminal (what gilscope simulates by default): line-buffered, so a
# print is one write, whatever PYTHONUNBUFFERED the caller's environment has.
SITE = tempfile.mkdtemp(prefix="teaching-regen-")
atexit.register(shutil.rmtree, SITE, ignore_errors=True)
with open(os.path.join(SITE, "sitecustomize.py"), "w", encoding="utf-8") as f:
    f.write("import sys\nsys.stdout.reconfigure(line_buffering=True)\n")


def run(name, hashseed):
    env = dict(os.environ, PYTHONHASHSEED=str(hashseed), PYTHONPATH=SITE)
    env.pop("PYTHONUNBUFFERED", None)
    r = subprocess.run(
        [sys.executable, name], cwd=HERE, capture_output=True, text=True,
        timeout=120, env=env,
    )

    def norm(s):
        return s.replace(STDLIB + "/", GILSCOPE_STDLIB + "/").replace(HERE, "{DIR}")
    return {"status": r.returncode, "stdout": norm(r.stdout), "stderr": norm(r.stderr)}


def regen(name):
    path = os.path.join(HERE, name)
    runs = [run(name, seed) for seed in range(RUNS)]
    first = runs[0]
    if any(r["status"] != first["status"] for r in runs):
        return f"exit status varies: {[r['status'] for r in runs]}"
    allowed = LEVELS[LEVELS.index(declared_level(path)):]
    level = next((lv for lv in allowed if all(agree(first, r, lv) for r in runs)), None)
    if level is None:
        return "CPython's runs disagree even as sorted characters"
    expected = {"level": level, **first}
    with open(path[:-3] + ".expected.json", "w", encoding="utf-8") as f:
        json.dump(expected, f, indent=1, ensure_ascii=False)
        f.write("\n")
    return None


def main():
    names = [os.path.basename(n) for n in sys.argv[1:]] or sorted(
        n for n in os.listdir(HERE)
        if n.endswith(".py") and n != "regen.py" and not is_module(os.path.join(HERE, n))
    )
    failed = 0
    for n in names:
        problem = regen(n)
        if problem:
            failed += 1
            print(f"{n}: {problem}", file=sys.stderr)
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
