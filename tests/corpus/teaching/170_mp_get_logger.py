"""get_logger() with a handler of your own, and messages logged from child processes."""
import logging
import multiprocessing
import sys


def worker(n):
    logger = multiprocessing.get_logger()
    logger.warning("worker %d reporting", n)


if __name__ == "__main__":
    logger = multiprocessing.get_logger()
    handler = logging.StreamHandler(sys.stdout)
    handler.setFormatter(logging.Formatter("%(levelname)s:%(processName)s:%(message)s"))
    logger.addHandler(handler)
    logger.setLevel(logging.WARNING)
    logger.warning("main starting")
    for i in range(3):
        p = multiprocessing.Process(target=worker, args=(i,), name=f"W{i}")
        p.start()
        p.join()
    logger.info("not shown")
    logger.warning("main done")
