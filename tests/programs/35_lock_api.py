import threading
lock = threading.Lock()
print(lock.acquire(), lock.locked(), lock.acquire(blocking=False), lock.acquire(timeout=0.01))
lock.release()
print(lock.locked())
try:
    lock.release()
except RuntimeError as e:
    print("RuntimeError:", e)
r = threading.RLock()
with r:
    with r:
        print("reentrant ok")
try:
    r.release()
except RuntimeError as e:
    print("RuntimeError:", e)
s = threading.Semaphore(2)
print(s.acquire(), s.acquire(), s.acquire(blocking=False))
s.release(); s.release()
b = threading.BoundedSemaphore(1)
b.acquire(); b.release()
try:
    b.release()
except ValueError as e:
    print("ValueError:", e)
ev = threading.Event()
print(ev.is_set(), ev.wait(0.05))
ev.set()
print(ev.is_set(), ev.wait())
ev.clear()
print(ev.is_set())
