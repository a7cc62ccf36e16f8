"""Logging cookbook 'logging from multiple threads', with a stop flag instead of Ctrl-C."""
# At 0 s and 1.5 s both threads log at once: their order, and the times, vary in CPython:
# teaching: level loose
import logging
import threading
import time


def worker(message):
    while not message["stop"]:
        logging.debug("Hi from myfunc")
        time.sleep(0.5)


def main():
    logging.basicConfig(level=logging.DEBUG, format="%(relativeCreated)6d %(threadName)s %(message)s")
    info = {"stop": False}
    thread = threading.Thread(target=worker, args=(info,))
    thread.start()
    for _ in range(3):
        logging.debug("Hello from main")
        time.sleep(0.75)
    info["stop"] = True
    thread.join()


if __name__ == "__main__":
    main()
