import queue
import threading
import time

jobs = queue.Queue()
done = []


def producer():
    for i in range(6):
        time.sleep(0.05)
        jobs.put(i)
        print(f"produced {i}")
    for _ in range(2):
        jobs.put(None)


def consumer(name):
    while True:
        item = jobs.get()
        if item is None:
            break
        time.sleep(0.08)
        done.append(item)
        print(f"{name} consumed {item}")


threads = [threading.Thread(target=producer)] + [
    threading.Thread(target=consumer, args=(f"consumer-{i}",)) for i in (1, 2)
]
for t in threads:
    t.start()
for t in threads:
    t.join()
print("all consumed once:", sorted(done) == list(range(6)))
