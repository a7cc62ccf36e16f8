# Mistyped names in a student's worker: CPython 3.11 suggests the name meant.
import threading


class Counter:
    def __init__(self):
        self.count = 0
        self.lock = threading.Lock()

    def increment(self):
        with self.lock:
            self.count += 1


def worker(counter, rounds):
    for _ in range(rounds):
        counter.incremnt()


def report(counter):
    total = counter.count
    print("total", totl)


c = Counter()
t = threading.Thread(target=worker, args=(c, 3))
t.start()
t.join()
try:
    c.lock.aquire()
except AttributeError as e:
    print(e)
report(c)
