"""A readers-writer lock: many readers at once, writers alone."""
import threading
import time


class RWLock:
    def __init__(self):
        self.cond = threading.Condition()
        self.readers = 0

    def acquire_read(self):
        with self.cond:
            self.readers += 1

    def release_read(self):
        with self.cond:
            self.readers -= 1
            if self.readers == 0:
                self.cond.notify_all()

    def acquire_write(self):
        self.cond.acquire()
        while self.readers > 0:
            self.cond.wait()

    def release_write(self):
        self.cond.release()


rw = RWLock()
config = {"version": 1}
seen = []


def reader(n):
    for _ in range(3):
        rw.acquire_read()
        try:
            seen.append(config["version"])
            time.sleep(0.02)
        finally:
            rw.release_read()
        time.sleep(0.01)


def writer():
    for v in (2, 3):
        time.sleep(0.03)
        rw.acquire_write()
        try:
            config["version"] = v
        finally:
            rw.release_write()


ts = [threading.Thread(target=reader, args=(i,)) for i in range(3)] + [threading.Thread(target=writer)]
for t in ts:
    t.start()
for t in ts:
    t.join()
print("reads:", len(seen), "final version:", config["version"])
