"""Super Fast Python: one producer, several consumers, a None per consumer to stop them."""
from random import Random
from threading import Thread
from queue import Queue
from time import sleep

rng = Random(1)
DELAYS = [round(rng.random() / 10, 3) for _ in range(10)]


def producer(queue, n_consumers):
    print("Producer: Running")
    for i in range(10):
        value = DELAYS[i]
        sleep(value)
        queue.put(value)
    for _ in range(n_consumers):
        queue.put(None)
    print("Producer: Done")


def consumer(queue, results):
    while True:
        item = queue.get()
        if item is None:
            break
        sleep(item)
        results.append(item)


queue = Queue()
results = []
consumers = [Thread(target=consumer, args=(queue, results)) for _ in range(3)]
for c in consumers:
    c.start()
producer_thread = Thread(target=producer, args=(queue, len(consumers)))
producer_thread.start()
producer_thread.join()
for c in consumers:
    c.join()
print(sorted(results) == sorted(DELAYS), len(results))
