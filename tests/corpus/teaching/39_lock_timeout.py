"""acquire(timeout=...) gives up instead of waiting forever."""
import threading
import time

lock = threading.Lock()


def hog():
    with lock:
        time.sleep(0.5)


t = threading.Thread(target=hog)
t.start()
time.sleep(0.05)
print("locked:", lock.locked())
start = time.perf_counter()
got = lock.acquire(timeout=0.2)
print("got it:", got, "waited ~", round(time.perf_counter() - start, 1))
got = lock.acquire(timeout=1)
print("got it later:", got)
lock.release()
t.join()
print("locked at the end:", lock.locked())
