"""A context manager class times a block; threads share a lock-protected log."""
import threading
import time


class Timed:
    def __init__(self, label, log):
        self.label = label
        self.log = log

    def __enter__(self):
        self.start = time.perf_counter()
        return self

    def __exit__(self, exc_type, exc, tb):
        took = time.perf_counter() - self.start
        self.log.append((self.label, round(took, 1)))
        return exc_type is KeyError


log = []
with Timed("sleep", log):
    time.sleep(0.2)
with Timed("lookup", log):
    {}["nope"]
try:
    with Timed("crash", log):
        raise ValueError("not suppressed")
except ValueError as e:
    print("propagated:", e)
print(log)
