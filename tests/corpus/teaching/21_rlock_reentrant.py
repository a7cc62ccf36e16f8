"""An RLock can be taken again by the thread that holds it; a Lock would deadlock."""
import threading


class Inventory:
    def __init__(self):
        self.lock = threading.RLock()
        self.items = {}

    def add(self, name, qty=1):
        with self.lock:
            self.items[name] = self.items.get(name, 0) + qty

    def add_many(self, names):
        with self.lock:
            for n in names:
                self.add(n)


inv = Inventory()
threads = [threading.Thread(target=inv.add_many, args=(["bolt", "nut", "bolt"],)) for _ in range(4)]
for t in threads:
    t.start()
for t in threads:
    t.join()
print(sorted(inv.items.items()))

plain = threading.Lock()
plain.acquire()
print("second acquire without blocking:", plain.acquire(blocking=False))
plain.release()
r = threading.RLock()
r.acquire()
print("RLock again:", r.acquire(blocking=False))
r.release()
r.release()
try:
    r.release()
except RuntimeError as e:
    print("RuntimeError:", e)
