"""Workers log before and after a barrier; wait() returns each one's arrival index."""
import logging
import threading
import time

logging.basicConfig(level=logging.INFO, format="%(threadName)s %(levelname)s %(message)s")
barrier = threading.Barrier(3)
indexes = []


def stage(delay):
    logging.info("preparing for %.1f s", delay)
    time.sleep(delay)
    idx = barrier.wait()
    indexes.append(idx)
    logging.info("through the barrier")


ts = [threading.Thread(target=stage, args=(d,), name=f"stage{i}") for i, d in enumerate((0.3, 0.1, 0.2))]
for t in ts:
    t.start()
for t in ts:
    t.join()
logging.info("indexes %s", sorted(indexes))
