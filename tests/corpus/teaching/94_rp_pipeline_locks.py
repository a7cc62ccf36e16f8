"""Real Python's first pipeline: a one-message slot guarded by two locks."""
# Who logs first after a lock changes hands varies between CPython runs:
# teaching: level unordered
import logging
import threading

SENTINEL = object()


class Pipeline:
    """Class to allow a single element pipeline between producer and consumer."""

    def __init__(self):
        self.message = 0
        self.producer_lock = threading.Lock()
        self.consumer_lock = threading.Lock()
        self.consumer_lock.acquire()

    def get_message(self, name):
        logging.debug("%s:about to acquire getlock", name)
        self.consumer_lock.acquire()
        logging.debug("%s:have getlock", name)
        message = self.message
        logging.debug("%s:about to release setlock", name)
        self.producer_lock.release()
        logging.debug("%s:setlock released", name)
        return message

    def set_message(self, message, name):
        logging.debug("%s:about to acquire setlock", name)
        self.producer_lock.acquire()
        logging.debug("%s:have setlock", name)
        self.message = message
        logging.debug("%s:about to release getlock", name)
        self.consumer_lock.release()
        logging.debug("%s:getlock released", name)


def producer(pipeline):
    for message in [12, 7, 88]:
        logging.info("Producer got message: %s", message)
        pipeline.set_message(message, "Producer")
    pipeline.set_message(SENTINEL, "Producer")


def consumer(pipeline):
    message = 0
    while message is not SENTINEL:
        message = pipeline.get_message("Consumer")
        if message is not SENTINEL:
            logging.info("Consumer storing message: %s", message)


if __name__ == "__main__":
    logging.basicConfig(format="%(message)s", level=logging.INFO)
    pipeline = Pipeline()
    p = threading.Thread(target=producer, args=(pipeline,))
    c = threading.Thread(target=consumer, args=(pipeline,))
    p.start()
    c.start()
    p.join()
    c.join()
    print("done")
