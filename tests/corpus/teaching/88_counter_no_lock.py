"""With the GIL, `counter += 1` in a loop happens not to lose updates in CPython 3.11."""
import threading

counter = 0


def add(n):
    global counter
    for _ in range(n):
        counter += 1


threads = [threading.Thread(target=add, args=(50_000,)) for _ in range(4)]
for t in threads:
    t.start()
for t in threads:
    t.join()
print("counter:", counter)
