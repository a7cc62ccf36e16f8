"""PyMOTW: two Timers, one cancelled before it fires."""
import logging
import threading
import time

logging.basicConfig(level=logging.DEBUG, format="(%(threadName)-10s) %(message)s")


def delayed():
    logging.debug("worker running")


t1 = threading.Timer(0.3, delayed)
t1.name = "t1"
t2 = threading.Timer(0.3, delayed)
t2.name = "t2"

logging.debug("starting timers")
t1.start()
t2.start()

logging.debug("waiting before canceling %s", t2.name)
time.sleep(0.2)
logging.debug("canceling %s", t2.name)
t2.cancel()
logging.debug("done")
t1.join()
t2.join()
print(t1.finished.is_set(), t2.finished.is_set())
