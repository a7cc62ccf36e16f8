#!/usr/bin/env python3
"""Records what `python3 -m dis NAME.py` prints under CPython 3.11 for every program of
tests/programs/, tests/corpus/teaching/, tests/lecture/, the built-in scenarios
(assets/scenarios/) and the cases written for it (tests/dis/cases/), for tests/dis.rs.

Run from anywhere with CPython 3.11: python3 tests/dis/regen.py [CORPUS/NAME ...]
(CORPUS is programs, teaching, lecture, scenarios or cases; no names: all of them).

Each program is disassembled from its own folder, so the file names `dis` prints are the
bare NAME.py. Memory addresses (` at 0x7f...`) are removed. A program CPython does not
compile is recorded by its error: the lines from its `File "NAME.py", line N` on (the
traceback of dis.py itself above them is not the program's). PYTHONHASHSEED=0 fixes the
order of frozensets of strings.
"""
import os
import re
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
CORPORA = {
    "programs": os.path.join(ROOT, "tests", "programs"),
    "teaching": os.path.join(ROOT, "tests", "corpus", "teaching"),
    "lecture": os.path.join(ROOT, "tests", "lecture"),
    "scenarios": os.path.join(ROOT, "assets", "scenarios"),
    "cases": os.path.join(HERE, "cases"),
}
ADDRESS = re.compile(r" at 0x[0-9a-f]+")


def programs():
    for corpus, folder in CORPORA.items():
        for name in sorted(os.listdir(folder)):
            if name.endswith(".py") and name != "regen.py":
                yield corpus, name[:-3]


def expected(corpus, name):
    folder = CORPORA[corpus]
    env = dict(os.environ, PYTHONHASHSEED="0")
    run = subprocess.run(
        [sys.executable, "-m", "dis", name + ".py"],
        cwd=folder,
        env=env,
        capture_output=True,
    )
    if run.returncode == 0:
        text = run.stdout.decode("utf-8")
    else:
        text = run.stderr.decode("utf-8", errors="replace")
        start = text.rfind('  File "%s.py"' % name)
        if start < 0:
            sys.exit("%s/%s: no error location in:\n%s" % (corpus, name, text))
        text = text[start:]
    return ADDRESS.sub("", text)


def main():
    if sys.version_info[:2] != (3, 11):
        sys.exit("run this with CPython 3.11 (this is %s)" % sys.version.split()[0])
    wanted = set(sys.argv[1:])
    for corpus, name in programs():
        if wanted and "%s/%s" % (corpus, name) not in wanted:
            continue
        out = os.path.join(HERE, corpus, name + ".dis")
        os.makedirs(os.path.dirname(out), exist_ok=True)
        with open(out, "w", encoding="utf-8", newline="\n") as f:
            f.write(expected(corpus, name))


if __name__ == "__main__":
    main()
