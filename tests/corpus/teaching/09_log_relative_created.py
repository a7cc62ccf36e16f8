"""%(relativeCreated)d shows milliseconds since logging was loaded."""
import logging
import threading
import time

logging.basicConfig(level=logging.DEBUG,
                    format="%(relativeCreated)6d %(threadName)s %(message)s")


def tick(name, period, count):
    for n in range(count):
        time.sleep(period)
        logging.debug("%s tick %d", name, n)


a = threading.Thread(target=tick, args=("fast", 0.1, 4), name="fast")
b = threading.Thread(target=tick, args=("slow", 0.25, 2), name="slow")
a.start()
b.start()
a.join()
b.join()
