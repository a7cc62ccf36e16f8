#!/usr/bin/env python3
"""Runs published example programs under python3 and gilscope and classifies each.

Usage: python3 benches/published_probe.py target/release/gilscope DIR...
Every .py file under DIR that mentions threading, multiprocessing, concurrent.futures,
asyncio or queue runs in its own folder under python3 (PYTHONUNBUFFERED unset, 30 s) and
`gilscope run`; one line per program, then the counts:
  SAME          identical stdout, stderr and status
  SIMILAR       the same lines up to their order and the numbers in them
  DIFF          anything else
  UNSUPPORTED   gilscope stopped with status 2 (sockets, files, third-party packages...)
  CPY-EXCLUDED  CPython itself timed out or failed for want of a package, a file or the
                network: not a program gilscope can be measured on
The examples themselves are not in the repository (their authors' copyright); the
figures from the books and courses it was run on are in docs/python.md."""
import os, re, subprocess, sys
G = sys.argv[1]
KEY = re.compile(r"\b(threading|multiprocessing|concurrent\.futures|asyncio|queue)\b")
def norm(s):
    s = s.replace("/root/.pyenv/versions/3.11.7/lib/python3.11/", "/usr/lib/python3.11/")
    s = re.sub(r"0x[0-9a-f]+", "0xADDR", s)
    s = re.sub(r"-?\d+(\.\d+)?(e-?\d+)?", "N", s)
    s = re.sub(r"N(, N)+", "N", s)
    return sorted(l.rstrip() for l in s.splitlines() if l.strip())
def run(cmd, cwd):
    try:
        p = subprocess.run(cmd, cwd=cwd, capture_output=True, timeout=30, stdin=subprocess.DEVNULL)
        return p.returncode, p.stdout.decode(errors="replace"), p.stderr.decode(errors="replace")
    except subprocess.TimeoutExpired:
        return "timeout", "", ""
files = []
for d in sys.argv[2:]:
    for root, _, names in os.walk(d):
        for n in sorted(names):
            if n.endswith(".py"):
                p = os.path.join(root, n)
                try:
                    src = open(p, encoding="utf-8", errors="replace").read()
                except OSError:
                    continue
                if KEY.search(src) and "__init__" not in n:
                    files.append(p)
counts = {}
for p in sorted(files):
    cwd, name = os.path.split(p)
    c = run(["env", "-u", "PYTHONUNBUFFERED", "python3", name], cwd)
    env_g = [G, "run", "--max-time", "120", name]
    g = run(env_g, cwd)
    if c[0] == "timeout" or (c[0] != 0 and ("ModuleNotFoundError" in c[2] or "ConnectionError" in c[2] or "urlopen" in c[2] or "FileNotFoundError" in c[2] or "OSError" in c[2] or "gaierror" in c[2])):
        kind = "CPY-EXCLUDED"
    elif g[0] == "timeout":
        kind = "GS-TIMEOUT"
    elif g[0] == 2:
        kind = "UNSUPPORTED"
    elif (c[1], c[2]) == (g[1], g[2]) and c[0] == g[0]:
        kind = "SAME"
    elif norm(c[1]) == norm(g[1]) and norm(c[2]) == norm(g[2]) and c[0] == g[0]:
        kind = "SIMILAR"
    else:
        kind = "DIFF"
    counts[kind] = counts.get(kind, 0) + 1
    detail = ""
    if kind in ("UNSUPPORTED", "DIFF", "GS-TIMEOUT"):
        detail = (g[2].strip().splitlines() or [""])[-1][:150]
    print(f"{kind:12s} {p}  {detail}", flush=True)
print(counts)
