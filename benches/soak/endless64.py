# 64 threads that never end: each computes a little, prints under a shared lock and
# sleeps, in a loop (the soak run's real-clock load; see docs/PERFORMANCE.md).
import threading
import time

lock = threading.Lock()


def worker(i):
    n = 0
    while True:
        for _ in range(200 + i):
            n += 1
        with lock:
            print(i, n)
        time.sleep((i % 5) / 10000)


for i in range(64):
    threading.Thread(target=worker, args=(i,)).start()
while True:
    time.sleep(0.01)
