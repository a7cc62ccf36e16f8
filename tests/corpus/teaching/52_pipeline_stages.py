"""A three-stage pipeline: read -> transform -> write, connected by queues."""
import queue
import threading

raw = queue.Queue()
cooked = queue.Queue()
STOP = "STOP"
output = []


def reader():
    for line in ["alpha", "beta", "gamma", "delta"]:
        raw.put(line)
    raw.put(STOP)


def transformer():
    while (item := raw.get()) != STOP:
        cooked.put(item.upper()[::-1])
    cooked.put(STOP)


def writer():
    while (item := cooked.get()) != STOP:
        output.append(item)


stages = [threading.Thread(target=f) for f in (reader, transformer, writer)]
for s in stages:
    s.start()
for s in stages:
    s.join()
print(output)
