"""Threads report progress at fixed intervals measured with perf_counter."""
import threading
import time


def progress(name, steps, step_time):
    start = time.perf_counter()
    for i in range(1, steps + 1):
        time.sleep(step_time)
        pct = 100 * i // steps
        print(f"{name:>6}: {pct:3d}% after {time.perf_counter() - start:.1f} s")


jobs = [("upload", 4, 0.25), ("backup", 2, 0.6)]
ts = [threading.Thread(target=progress, args=j) for j in jobs]
for t in ts:
    t.start()
for t in ts:
    t.join()
