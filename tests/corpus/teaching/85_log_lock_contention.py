"""Two workers compete for a lock; the log counts how often each got it."""
import logging
import threading
import time

logging.basicConfig(level=logging.DEBUG, format="(%(threadName)-10s) %(message)s")


class Counter:
    def __init__(self, start=0):
        self.lock = threading.Lock()
        self.value = start

    def increment(self):
        logging.debug("waiting for lock")
        self.lock.acquire()
        try:
            logging.debug("acquired lock")
            self.value = self.value + 1
        finally:
            self.lock.release()


def worker(c, pauses):
    for pause in pauses:
        time.sleep(pause)
        c.increment()
    logging.debug("done")


counter = Counter()
a = threading.Thread(target=worker, args=(counter, [0.1, 0.2, 0.1]), name="worker-a")
b = threading.Thread(target=worker, args=(counter, [0.15, 0.15]), name="worker-b")
a.start()
b.start()
logging.debug("waiting for worker threads")
a.join()
b.join()
logging.debug("counter: %d", counter.value)
