"""Real Python's producer-consumer pipeline, built on queue.Queue (a fixed message list)."""
import concurrent.futures
import logging
import queue
import time

SENTINEL = object()


def producer(pipeline):
    """Pretend we're getting a number from the network."""
    for message in [17, 42, 5, 99, 23, 64]:
        logging.info("Producer got message: %s", message)
        pipeline.put(message)
        time.sleep(0.02)
    pipeline.put(SENTINEL)


def consumer(pipeline):
    """Pretend we're saving a number in the database."""
    while True:
        message = pipeline.get()
        if message is SENTINEL:
            break
        logging.info("Consumer storing message: %s (queue size=%s)", message, pipeline.qsize())
    logging.info("Consumer received sentinel. Exiting")


if __name__ == "__main__":
    format = "%(threadName)s: %(message)s"
    logging.basicConfig(format=format, level=logging.INFO)
    pipeline = queue.Queue(maxsize=10)
    with concurrent.futures.ThreadPoolExecutor(max_workers=2) as executor:
        executor.submit(producer, pipeline)
        executor.submit(consumer, pipeline)
    logging.info("Main: pipeline empty? %s", pipeline.empty())
