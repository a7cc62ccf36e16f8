"""Producer and consumers with a queue; one None per consumer tells it to stop."""
import queue
import threading
import time

tasks = queue.Queue()
NUM_CONSUMERS = 2
totals = {}


def consumer(name):
    done = 0
    while True:
        item = tasks.get()
        if item is None:
            break
        time.sleep(item / 100)
        done += item
    totals[name] = done


consumers = [threading.Thread(target=consumer, args=(f"c{i}",)) for i in range(NUM_CONSUMERS)]
for c in consumers:
    c.start()
for n in [5, 3, 8, 1, 4, 2]:
    tasks.put(n)
for _ in consumers:
    tasks.put(None)
for c in consumers:
    c.join()
print("work done:", sum(totals.values()), "by", sorted(totals))
