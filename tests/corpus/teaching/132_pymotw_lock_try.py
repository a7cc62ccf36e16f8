"""PyMOTW: a worker takes the lock with a non-blocking acquire while a holder keeps it busy."""
import logging
import threading
import time

logging.basicConfig(level=logging.DEBUG, format="(%(threadName)-9s) %(message)s")


def lock_holder(lock):
    logging.debug("Starting")
    for _ in range(3):
        lock.acquire()
        try:
            logging.debug("Holding")
            time.sleep(0.1)
        finally:
            logging.debug("Not holding")
            lock.release()
        time.sleep(0.1)


def worker(lock):
    logging.debug("Starting")
    num_tries = 0
    num_acquires = 0
    while num_acquires < 2:
        time.sleep(0.2)
        logging.debug("Trying to acquire")
        have_it = lock.acquire(0)
        try:
            num_tries += 1
            if have_it:
                logging.debug("Iteration %d: Acquired", num_tries)
                num_acquires += 1
            else:
                logging.debug("Iteration %d: Not acquired", num_tries)
        finally:
            if have_it:
                lock.release()
    logging.debug("Done after %d iterations", num_tries)


lock = threading.Lock()
holder = threading.Thread(target=lock_holder, args=(lock,), name="LockHolder", daemon=True)
holder.start()
time.sleep(0.05)  # the worker tries at 0.25, 0.45, ... s: mid-hold, then free
worker_thread = threading.Thread(target=worker, args=(lock,), name="Worker")
worker_thread.start()
worker_thread.join()
