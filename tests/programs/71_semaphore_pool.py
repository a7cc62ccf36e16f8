import threading
import time
pool = threading.Semaphore(2)
active = 0
peak = 0
guard = threading.Lock()
def job(i):
    global active, peak
    with pool:
        with guard:
            active += 1
            peak = max(peak, active)
        time.sleep(0.1)
        with guard:
            active -= 1
ts = [threading.Thread(target=job, args=(i,)) for i in range(6)]
for t in ts:
    t.start()
for t in ts:
    t.join()
print("peak concurrency:", peak, "active at end:", active)
