#!/usr/bin/env python3
"""Runs pyperformance's pure-Python benchmarks under python3 and under `gilscope run`.

    python3 benches/pyperformance/run.py [--gilscope target/release/gilscope]
                                         [--pairs 3] [--only NAME ...] [--calibrate]

The benchmarks come from pyperformance's wheel (version PYPERFORMANCE), downloaded with pip
into a cache at run time (none of their code is in this repository). Beside each one goes
`pyperf.py`, a stand-in for the third-party pyperf module written here: it runs the
benchmark `--loops N` times and prints one line, no timings. Each benchmark runs as
alternating pairs (python3, gilscope); the outputs must agree; the table gives the
medians of wall time, CPU time (user + system) and peak RSS of each whole process, and
the ratios gilscope / python3, then the geometric mean of the wall-time ratios.
`--calibrate` times one loop under python3 and prints the loop counts that make each
benchmark take about a second, for the table below.
"""

import argparse
import math
import os
import shutil
import statistics
import subprocess
import sys
import time
import zipfile
from pathlib import Path

PYPERFORMANCE = "1.14.0"
HERE = Path(__file__).resolve().parent
CACHE = Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "gilscope" / (
    "pyperformance-" + PYPERFORMANCE)

# (name, benchmark folder, extra arguments, loops: CPython 3.11.7 spends about a second of
# CPU time on this machine, from `--calibrate` on 2026-12-07)
BENCHMARKS = [
    ("richards", "bm_richards", [], 17),
    ("richards_super", "bm_richards_super", [], 11),
    ("nbody", "bm_nbody", [], 11),
    ("chaos", "bm_chaos", [], 11),
    ("fannkuch", "bm_fannkuch", [], 1),
    ("float", "bm_float", [], 8),
    ("spectral_norm", "bm_spectral_norm", [], 5),
    ("nqueens", "bm_nqueens", [], 6),
    ("deltablue", "bm_deltablue", [], 128),
    ("go", "bm_go", [], 4),
    ("hexiom", "bm_hexiom", [], 70),
    ("raytrace", "bm_raytrace", [], 2),
    ("generators", "bm_generators", [], 3),
    ("coroutines", "bm_coroutines", [], 23),
    ("unpack_sequence", "bm_unpack_sequence", [], 68579),
    ("pidigits", "bm_pidigits", [], 5),
    ("deepcopy", "bm_deepcopy", [], 2146),
    ("comprehensions", "bm_comprehensions", [], 32583),
    ("meteor_contest", "bm_meteor_contest", [], 8),
    ("barnes_hut", "bm_barnes_hut", [], 1),
    ("scimark", "bm_scimark", [], 1),
    ("pprint", "bm_pprint", [], 1),
    ("typing_runtime_protocols", "bm_typing_runtime_protocols", [], 1004),
    ("logging", "bm_logging", [], 4424),
    ("async_generators", "bm_async_generators", [], 1),
    ("concurrent_imap", "bm_concurrent_imap", [], 72),
    ("gc_collect", "bm_gc_collect", [], 178),
    ("gc_traversal", "bm_gc_traversal", [], 64),
    ("argparse_many_optionals", "bm_argparse", ["many_optionals"], 797),
    ("argparse_subparsers", "bm_argparse", ["subparsers"], 11),
    ("async_tree", "bm_async_tree", ["none"], 1),
    ("async_tree_io", "bm_async_tree", ["io"], 1),
    ("async_tree_memoization", "bm_async_tree", ["memoization"], 1),
    ("async_tree_cpu_io_mixed_tg", "bm_async_tree", ["cpu_io_mixed", "--task-groups"], 1),
]


def benchmarks_dir():
    """pyperformance's benchmark folder, downloaded once into the cache."""
    target = CACHE / "benchmarks"
    if target.is_dir():
        return target
    CACHE.mkdir(parents=True, exist_ok=True)
    subprocess.run([sys.executable, "-m", "pip", "download", "--no-deps", "--quiet",
                    "pyperformance==" + PYPERFORMANCE, "-d", str(CACHE)], check=True)
    wheel = next(CACHE.glob("pyperformance-%s-*.whl" % PYPERFORMANCE))
    prefix = "pyperformance/data-files/benchmarks/"
    with zipfile.ZipFile(wheel) as z:
        for member in z.namelist():
            if member.startswith(prefix) and not member.endswith("/"):
                out = target / member[len(prefix):]
                out.parent.mkdir(parents=True, exist_ok=True)
                out.write_bytes(z.read(member))
    return target


def workdir(bench_root, folder):
    """A folder holding the benchmark's files and the pyperf stand-in."""
    work = CACHE / "work" / folder
    if work.exists():
        shutil.rmtree(work)
    shutil.copytree(bench_root / folder, work)
    shutil.copy(HERE / "pyperf.py", work / "pyperf.py")
    return work


def run_pair(python, gilscope, work, args, loops):
    script = ["run_benchmark.py", "--loops", str(loops)] + args
    rows = {}
    for label, cmd in (("python3", [python] + script),
                       ("gilscope", [gilscope, "run", "--max-time", "100000"] + script)):
        rows[label] = peak_measure(cmd, work)
    return rows


# A child's ru_maxrss starts at its parent's peak (Linux keeps it across fork and exec),
# so a child of this script never reads below this script's own ~15 MB. GNU time, a small
# process, forks the benchmark afresh and reports its real peak; without it the figures
# have that floor.
GNU_TIME = shutil.which("time", path="/usr/bin:/bin")


def peak_measure(cmd, cwd):
    """Wall and CPU time of one child (wait4), and its peak RSS in KB."""
    rss_file = CACHE / "peak-rss"
    if GNU_TIME:
        cmd = [GNU_TIME, "-f", "%M", "-o", str(rss_file)] + cmd
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    out, err = proc.stdout.read(), proc.stderr.read()
    _, status, ru = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    rss = int(rss_file.read_text().split()[-1]) if GNU_TIME else ru.ru_maxrss
    return {"wall": wall, "cpu": ru.ru_utime + ru.ru_stime, "rss": rss,
            "status": proc.returncode, "out": out, "err": err}


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--gilscope", default=str(HERE.parents[1] / "target/release/gilscope"))
    ap.add_argument("--pairs", type=int, default=3)
    ap.add_argument("--only", nargs="*")
    ap.add_argument("--calibrate", action="store_true")
    opts = ap.parse_args()
    root = benchmarks_dir()
    python = sys.executable
    chosen = [b for b in BENCHMARKS if not opts.only or b[0] in opts.only]

    if opts.calibrate:
        for name, folder, args, _ in chosen:
            work = workdir(root, folder)
            # CPU time, not wall time: it barely moves when the machine is busy. Loops
            # double until the run is long enough that start-up noise no longer counts.
            base = min(peak_measure([python, "-c", "pass"], work)["cpu"] for _ in range(3))
            loops = 1
            while True:
                r = peak_measure([python, "run_benchmark.py", "--loops", str(loops)] + args,
                                 work)
                spent = r["cpu"] - base
                if spent >= 0.3 or loops >= 1 << 16:
                    break
                loops *= 2
            one = max(spent / loops, 1e-6)
            print('    ("%s", %d),  # one loop %.4f s' % (name, max(1, round(1.0 / one)), one))
        return

    ratios = []
    print("%-28s %6s | %8s %8s %6s | %8s %8s %6s | %7s %7s %5s | %s" % (
        "benchmark", "loops", "py wall", "gs wall", "ratio", "py cpu", "gs cpu", "ratio",
        "py MB", "gs MB", "ratio", "output"))
    for name, folder, args, loops in chosen:
        work = workdir(root, folder)
        samples = {"python3": [], "gilscope": []}
        verdict = "same"
        for _ in range(opts.pairs):
            pair = run_pair(python, opts.gilscope, work, args, loops)
            for k, v in pair.items():
                samples[k].append(v)
            py, gs = pair["python3"], pair["gilscope"]
            if gs["status"] != py["status"] or gs["out"] != py["out"]:
                last = (gs["err"] or gs["out"]).decode(errors="replace").strip().splitlines()
                verdict = "DIFFERS: " + (last[-1][:60] if last else "status %d" % gs["status"])
                break
        med = {k: {m: statistics.median(s[m] for s in v) for m in ("wall", "cpu", "rss")}
               for k, v in samples.items()}
        py, gs = med["python3"], med["gilscope"]
        r_wall, r_cpu, r_rss = gs["wall"] / py["wall"], gs["cpu"] / max(py["cpu"], 1e-9), \
            gs["rss"] / py["rss"]
        if verdict == "same":
            ratios.append(r_wall)
        print("%-28s %6d | %8.3f %8.3f %6.2f | %8.3f %8.3f %6.2f | %7.1f %7.1f %5.2f | %s" % (
            name, loops, py["wall"], gs["wall"], r_wall, py["cpu"], gs["cpu"], r_cpu,
            py["rss"] / 1024, gs["rss"] / 1024, r_rss, verdict), flush=True)
    if ratios:
        geo = math.exp(sum(math.log(r) for r in ratios) / len(ratios))
        print("geometric mean of wall-time ratios over the %d of %d that match: %.2fx" % (
            len(ratios), len(chosen), geo))


if __name__ == "__main__":
    main()
