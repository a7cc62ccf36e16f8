"""thread_name_prefix names the pool's workers; logging shows which one ran each job."""
import logging
import threading
import time
from concurrent.futures import ThreadPoolExecutor

logging.basicConfig(level=logging.INFO, format="%(threadName)s: %(message)s")


def job(n):
    logging.info("job %d", n)
    time.sleep(0.1)
    return n * 2


with ThreadPoolExecutor(max_workers=2, thread_name_prefix="downloader") as ex:
    first = list(ex.map(job, range(2)))
print(first)

with ThreadPoolExecutor(max_workers=1) as ex:
    print(ex.submit(lambda: threading.current_thread().name).result())
