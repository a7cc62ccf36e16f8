"""A pool of two connections guarded by a semaphore, with logging showing who waits."""
import logging
import threading
import time

logging.basicConfig(level=logging.DEBUG, format="%(asctime)s (%(threadName)-2s) %(message)s")


class ActivePool:
    def __init__(self):
        self.active = []
        self.lock = threading.Lock()

    def make_active(self, name):
        with self.lock:
            self.active.append(name)
            logging.debug("running: %s", self.active)

    def make_inactive(self, name):
        with self.lock:
            self.active.remove(name)
            logging.debug("running: %s", self.active)


def worker(s, pool, seconds):
    logging.debug("waiting to join the pool")
    with s:
        name = threading.current_thread().name
        pool.make_active(name)
        time.sleep(seconds)
        pool.make_inactive(name)


pool = ActivePool()
s = threading.Semaphore(2)
threads = [threading.Thread(target=worker, name=str(i), args=(s, pool, 0.1 + 0.05 * i)) for i in range(4)]
for t in threads:
    t.start()
    time.sleep(0.02)  # they ask in order, so the semaphore's queue order is fixed
for t in threads:
    t.join()
