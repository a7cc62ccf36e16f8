# timeit for gilscope: Timer, timeit, repeat and default_timer (time.perf_counter, the
# simulated clock), written in Python on gilscope's VM. A statement given as a string
# is compiled into a timing function, as CPython does; it runs in a fresh namespace (a
# copy of `globals` when given), so it reaches the program through
# `setup="from __main__ import f"`.
import time
import _gilscope

default_timer = time.perf_counter  # the simulated clock
default_number = 1000000
default_repeat = 5


def _indent(text, spaces):
    return text.replace("\n", "\n" + " " * spaces)


class Timer:
    def __init__(self, stmt="pass", setup="pass", timer=default_timer, globals=None):
        self.timer = timer
        if callable(stmt) and callable(setup):
            self.inner = lambda it, timer: _time_callables(stmt, setup, it, timer)
        elif callable(stmt) or callable(setup):
            names = {"_stmt": stmt, "_setup": setup}
            if globals:
                names.update(globals)
            src = ("def inner(_it, _timer):\n"
                   f"    {'_setup()' if callable(setup) else _indent(setup, 4)}\n"
                   "    _t0 = _timer()\n"
                   "    for _i in _it:\n"
                   f"        {'_stmt()' if callable(stmt) else _indent(stmt, 8)}\n"
                   "    _t1 = _timer()\n"
                   "    return _t1 - _t0\n")
            self.inner = _gilscope.run_source("timeit-src", src, names)["inner"]
        elif isinstance(stmt, str) and isinstance(setup, str):
            src = ("def inner(_it, _timer):\n"
                   f"    {_indent(setup, 4)}\n"
                   "    _t0 = _timer()\n"
                   "    for _i in _it:\n"
                   f"        {_indent(stmt, 8)}\n"
                   "    _t1 = _timer()\n"
                   "    return _t1 - _t0\n")
            self.inner = _gilscope.run_source("timeit-src", src, globals or {})["inner"]
        else:
            raise ValueError("stmt is neither a string nor callable")

    def timeit(self, number=1000000):
        return self.inner(range(number), self.timer)

    def repeat(self, repeat=5, number=1000000):
        return [self.timeit(number) for _ in range(repeat)]

    def autorange(self, callback=None):
        """Tries 1, 2, 5, 10, 20, 50... loops until one run takes 0.2 s or more."""
        scale = 1
        while True:
            for loops in (scale, 2 * scale, 5 * scale):
                took = self.timeit(loops)
                if callback is not None:
                    callback(loops, took)
                if took >= 0.2:
                    return loops, took
            scale *= 10

    def print_exc(self, file=None):
        import traceback
        traceback.print_exc(None, file)


def _time_callables(stmt, setup, it, timer):
    setup()
    t0 = timer()
    for _ in it:
        stmt()
    t1 = timer()
    return t1 - t0


def timeit(stmt="pass", setup="pass", timer=default_timer, number=1000000, globals=None):
    t = Timer(stmt, setup, timer, globals)
    return t.timeit(number)


def repeat(stmt="pass", setup="pass", timer=default_timer, repeat=5, number=1000000,
           globals=None):
    t = Timer(stmt, setup, timer, globals)
    return t.repeat(repeat, number)
