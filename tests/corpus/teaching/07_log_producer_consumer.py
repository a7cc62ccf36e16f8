"""A producer and a consumer share a queue and log what they do."""
import logging
import queue
import threading
import time

logging.basicConfig(level=logging.DEBUG, format="%(threadName)-9s %(message)s")

q = queue.Queue(maxsize=2)
DONE = object()


def producer():
    for item in range(5):
        q.put(item)
        logging.debug("put %d (size %d)", item, q.qsize())
        time.sleep(0.05)
    q.put(DONE)


def consumer():
    while True:
        item = q.get()
        if item is DONE:
            break
        logging.debug("got %d", item)
        time.sleep(0.12)
    logging.info("consumer done")


p = threading.Thread(target=producer, name="producer")
c = threading.Thread(target=consumer, name="consumer")
p.start()
c.start()
p.join()
c.join()
