"""Lock by hand: acquire/try/finally/release, locked(), and a non-blocking try."""
import threading
import time

lock = threading.Lock()
counter = 0


def increment(times):
    global counter
    for _ in range(times):
        lock.acquire()
        try:
            counter += 1
        finally:
            lock.release()


def holder():
    with lock:
        time.sleep(0.2)


threads = [threading.Thread(target=increment, args=(10_000,)) for _ in range(4)]
for t in threads:
    t.start()
for t in threads:
    t.join()
print("counter:", counter, "locked:", lock.locked())

h = threading.Thread(target=holder)
h.start()
time.sleep(0.05)
print("held by holder:", lock.locked(), "try:", lock.acquire(blocking=False))
h.join()
print("after join:", lock.acquire(blocking=False), lock.locked())
lock.release()
try:
    lock.release()
except RuntimeError as e:
    print("RuntimeError:", e)
