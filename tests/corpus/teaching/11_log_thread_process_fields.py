"""%(processName)s, %(process)d and %(thread)d: the numbers change from run to run."""
import logging
import threading

logging.basicConfig(level=logging.INFO,
                    format="%(processName)s(%(process)d) %(threadName)s(%(thread)d): %(message)s")


def job():
    logging.info("hello from a worker")


t = threading.Thread(target=job)
t.start()
t.join()
logging.info("hello from main")
