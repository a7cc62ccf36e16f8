"""A semaphore lets at most three workers use the "database" at once."""
import threading
import time

db_slots = threading.Semaphore(3)
active = 0
peak = 0
count_lock = threading.Lock()


def query(n):
    global active, peak
    with db_slots:
        with count_lock:
            active += 1
            peak = max(peak, active)
        time.sleep(0.1)
        with count_lock:
            active -= 1
    print(f"query {n} done")


threads = [threading.Thread(target=query, args=(i,)) for i in range(8)]
start = time.perf_counter()
for t in threads:
    t.start()
for t in threads:
    t.join()
elapsed = time.perf_counter() - start
print("peak concurrency:", peak)
# Three rounds of 0.1 s sleeps (a loaded machine only makes it slower).
print("took at least 0.3 s:", elapsed >= 0.3)
