"""PyMOTW: a daemon thread outlives a join with a timeout; is_alive() tells."""
import logging
import threading
import time

logging.basicConfig(level=logging.DEBUG, format="(%(threadName)-10s) %(message)s")


def daemon():
    logging.debug("Starting")
    time.sleep(0.3)
    logging.debug("Exiting")


def non_daemon():
    logging.debug("Starting")
    logging.debug("Exiting")


d = threading.Thread(name="daemon", target=daemon, daemon=True)
t = threading.Thread(name="non-daemon", target=non_daemon)

d.start()
time.sleep(0.05)
t.start()

d.join(0.1)
print("d.is_alive()", d.is_alive())
t.join()
