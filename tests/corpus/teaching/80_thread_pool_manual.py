"""A hand-written thread pool: N workers, a task queue, a result queue."""
import queue
import threading
import time


class Pool:
    def __init__(self, size):
        self.tasks = queue.Queue()
        self.results = queue.Queue()
        self.workers = [threading.Thread(target=self._work, name=f"pool-{i}") for i in range(size)]
        for w in self.workers:
            w.start()

    def _work(self):
        while True:
            task = self.tasks.get()
            if task is None:
                break
            fn, arg = task
            self.results.put((arg, fn(arg)))

    def submit(self, fn, arg):
        self.tasks.put((fn, arg))

    def close(self):
        for _ in self.workers:
            self.tasks.put(None)
        for w in self.workers:
            w.join()


def slow_double(x):
    time.sleep(0.05 * (x % 3))
    return 2 * x


pool = Pool(3)
for x in range(9):
    pool.submit(slow_double, x)
pool.close()
out = sorted(pool.results.get() for _ in range(9))
print(out)
