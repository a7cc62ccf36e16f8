"""A semaphore caps concurrent downloads at two; logging shows each one's slot and time."""
import logging
import threading
import time

logging.basicConfig(level=logging.DEBUG, format="%(relativeCreated)d ms %(threadName)s: %(message)s")
slots = threading.BoundedSemaphore(2)


def download(name, seconds):
    logging.debug("waiting for a slot")
    with slots:
        logging.debug("downloading %s", name)
        time.sleep(seconds)
    logging.debug("done with %s", name)


jobs = [("a.zip", 0.2), ("b.zip", 0.3), ("c.zip", 0.1)]
threads = []
for i, (name, secs) in enumerate(jobs):
    t = threading.Thread(target=download, args=(name, secs), name=f"dl-{i}")
    threads.append(t)
    t.start()
    time.sleep(0.02)
for t in threads:
    t.join()
logging.info("all downloads finished")
