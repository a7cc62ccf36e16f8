"""Consumers wait on a condition until a producer makes a resource available."""
import logging
import threading
import time

logging.basicConfig(level=logging.DEBUG, format="%(asctime)s (%(threadName)-9s) %(message)s")


def consumer(cond):
    logging.debug("starting consumer thread")
    with cond:
        cond.wait()
        logging.debug("resource is available to consumer")


def producer(cond):
    logging.debug("starting producer thread")
    with cond:
        logging.debug("making resource available")
        cond.notify_all()


condition = threading.Condition()
c1 = threading.Thread(name="c1", target=consumer, args=(condition,))
c2 = threading.Thread(name="c2", target=consumer, args=(condition,))
p = threading.Thread(name="p", target=producer, args=(condition,))
c1.start()
time.sleep(0.2)
c2.start()
time.sleep(0.2)
p.start()
for t in (c1, c2, p):
    t.join()
