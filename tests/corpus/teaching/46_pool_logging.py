"""Pool workers log with their thread names (ThreadPoolExecutor-0_N)."""
import logging
import time
from concurrent.futures import ThreadPoolExecutor

logging.basicConfig(level=logging.INFO, format="%(threadName)s: %(message)s")


def task(n):
    logging.info("task %d starting", n)
    time.sleep(0.1 * n)
    logging.info("task %d done", n)
    return n


with ThreadPoolExecutor(max_workers=2) as ex:
    results = list(ex.map(task, [2, 1, 3]))
logging.info("results %s", results)
