import threading
import time
out = []
def sleeper(d):
    time.sleep(d)
    out.append(d)
ts = [threading.Thread(target=sleeper, args=(d,)) for d in (0.3, 0.1, 0.2)]
for t in ts:
    t.start()
for t in ts:
    t.join()
print(out)
start = time.monotonic()
time.sleep(0.25)
print(round(time.monotonic() - start, 2))
print(round(time.perf_counter_ns() / 1e9 - time.perf_counter(), 3) == 0)
