"""A bounded buffer built from a Condition: wait while full or empty, notify on change."""
import threading
import time


class BoundedBuffer:
    def __init__(self, capacity):
        self.items = []
        self.capacity = capacity
        self.cond = threading.Condition()

    def put(self, item):
        with self.cond:
            while len(self.items) >= self.capacity:
                self.cond.wait()
            self.items.append(item)
            self.cond.notify_all()

    def get(self):
        with self.cond:
            while not self.items:
                self.cond.wait()
            item = self.items.pop(0)
            self.cond.notify_all()
            return item


buf = BoundedBuffer(2)
consumed = []


def produce():
    for i in range(6):
        buf.put(i)
        time.sleep(0.01)


def consume():
    for _ in range(6):
        consumed.append(buf.get())
        time.sleep(0.03)


p = threading.Thread(target=produce)
c = threading.Thread(target=consume)
p.start()
c.start()
p.join()
c.join()
print("consumed in order:", consumed)
