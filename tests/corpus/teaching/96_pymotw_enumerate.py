"""PyMOTW: join every thread threading.enumerate() lists, except the main thread."""
import logging
import threading
import time

logging.basicConfig(level=logging.DEBUG, format="(%(threadName)-10s) %(message)s")

PAUSES = [0.15, 0.05, 0.1]


def worker(pause):
    logging.debug("sleeping %0.2f", pause)
    time.sleep(pause)
    logging.debug("ending")


for i, pause in enumerate(PAUSES):
    t = threading.Thread(target=worker, args=(pause,), name=f"worker-{i}", daemon=True)
    t.start()
    time.sleep(0.01)

main_thread = threading.main_thread()
print("threads alive:", len(threading.enumerate()))
for t in threading.enumerate():
    if t is main_thread:
        continue
    logging.debug("joining %s", t.name)
    t.join()
print("threads alive:", threading.active_count())
