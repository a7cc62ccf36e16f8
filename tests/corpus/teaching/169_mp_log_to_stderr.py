"""PyMOTW: multiprocessing.log_to_stderr shows the module's own lifecycle messages."""
import logging
import multiprocessing


def worker():
    print("Doing some work", flush=True)


if __name__ == "__main__":
    logger = multiprocessing.log_to_stderr(logging.DEBUG)
    print("same logger:", logger is multiprocessing.get_logger(), logger.name)
    p = multiprocessing.Process(target=worker)
    p.start()
    p.join()
