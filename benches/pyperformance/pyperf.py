"""A small stand-in for the third-party `pyperf` module, written for gilscope's runner.

pyperformance's benchmarks import `pyperf` and hand it the function to time. This module
keeps their calling conventions (`Runner`, `bench_func`, `bench_time_func`,
`bench_async_func`, `argparser`, `parse_args`, `metadata`, `perf_counter`) but measures
nothing: it runs each benchmark `--loops N` times and prints one line per benchmark,
so the same output can be compared between python3 and gilscope and the whole process
timed from outside. Its argument parser is a minimal one (the benchmarks only read
their defaults and the options the runner passes), so that the harness itself needs no
`argparse`.
"""

import sys
import time

perf_counter = time.perf_counter


class _Namespace:
    def __repr__(self):
        return "Namespace(%s)" % ", ".join(
            "%s=%r" % kv for kv in sorted(vars(self).items()))


class _ArgParser:
    """Enough of argparse.ArgumentParser for the benchmarks' own options."""

    def __init__(self):
        self._options = {}
        self._positionals = []
        self._defaults = {}

    def add_argument(self, *names, **kw):
        dest = kw.get("dest")
        if names[0].startswith("-"):
            long = [n for n in names if n.startswith("--")] or list(names)
            dest = dest or long[0].lstrip("-").replace("-", "_")
            for n in names:
                self._options[n] = (dest, kw)
        else:
            dest = dest or names[0]
            self._positionals.append((dest, kw))
        action = kw.get("action")
        if "default" in kw:
            default = kw["default"]
        elif action == "store_true":
            default = False
        elif action == "store_false":
            default = True
        else:
            default = None
        self._defaults[dest] = default

    def parse_args(self, argv):
        ns = _Namespace()
        for dest, value in self._defaults.items():
            setattr(ns, dest, value)
        positionals = list(self._positionals)
        i = 0
        while i < len(argv):
            arg = argv[i]
            if arg in self._options:
                dest, kw = self._options[arg]
                action = kw.get("action")
                if action == "store_true":
                    setattr(ns, dest, True)
                elif action == "store_false":
                    setattr(ns, dest, False)
                else:
                    i += 1
                    setattr(ns, dest, kw.get("type", str)(argv[i]))
            elif positionals:
                dest, kw = positionals.pop(0)
                value = kw.get("type", str)(arg)
                choices = kw.get("choices")
                if choices is not None and value not in choices:
                    raise SystemExit("invalid choice: %r" % (value,))
                setattr(ns, dest, value)
            else:
                raise SystemExit("unrecognized argument: %r" % (arg,))
            i += 1
        return ns


class Runner:
    """Runs each benchmark function `--loops N` times (N = 1 without the option)."""

    def __init__(self, add_cmdline_args=None, **kwargs):
        self.metadata = {}
        self.argparser = _ArgParser()
        self.loops = 1
        self.args = None
        argv = sys.argv[1:]
        if "--loops" in argv:
            at = argv.index("--loops")
            self.loops = int(argv[at + 1])
            del argv[at:at + 2]
        self._argv = argv

    def parse_args(self, args=None):
        if self.args is None:
            self.args = self.argparser.parse_args(self._argv if args is None else args)
        return self.args

    def _report(self, name):
        print("%s: %d loops" % (name, self.loops))

    def bench_func(self, name, func, *args, inner_loops=None, metadata=None):
        self.parse_args()
        for _ in range(self.loops):
            func(*args)
        self._report(name)

    def bench_time_func(self, name, time_func, *args, inner_loops=None, metadata=None):
        self.parse_args()
        time_func(self.loops, *args)
        self._report(name)

    def bench_async_func(self, name, func, *args, inner_loops=None, metadata=None):
        import asyncio
        self.parse_args()
        for _ in range(self.loops):
            asyncio.run(func(*args))
        self._report(name)
