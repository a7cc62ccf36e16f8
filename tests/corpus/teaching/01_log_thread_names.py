"""Workers announce themselves through logging; the format shows each thread's name."""
import logging
import threading
import time

logging.basicConfig(level=logging.DEBUG,
                    format="(%(threadName)-10s) %(message)s")


def worker(delay):
    logging.debug("starting, will sleep %.1f s", delay)
    time.sleep(delay)
    logging.debug("exiting")


threads = []
for i, delay in enumerate([0.3, 0.1, 0.2]):
    t = threading.Thread(name=f"worker-{i}", target=worker, args=(delay,))
    threads.append(t)
    t.start()

for t in threads:
    t.join()
logging.info("all workers finished")
