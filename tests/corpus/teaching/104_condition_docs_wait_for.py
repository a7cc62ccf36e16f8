"""threading docs: consumers wait_for an item under a Condition, a producer notifies."""
import threading
import time

cv = threading.Condition()
items = []
log = []


def an_item_is_available():
    return len(items) > 0


def consumer(name, count):
    for _ in range(count):
        with cv:
            cv.wait_for(an_item_is_available)
            item = items.pop(0)
        log.append((name, item))


def producer():
    for i in range(6):
        time.sleep(0.02)
        with cv:
            items.append(i)
            cv.notify()


consumers = [threading.Thread(target=consumer, args=(f"c{n}", 3)) for n in range(2)]
for c in consumers:
    c.start()
p = threading.Thread(target=producer)
p.start()
p.join()
for c in consumers:
    c.join()
print(sorted(item for _, item in log))
print(len(log), items)
