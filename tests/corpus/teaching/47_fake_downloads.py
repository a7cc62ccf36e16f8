"""I/O-bound work overlaps in threads: three 1-second downloads take about 1 second."""
import threading
import time

SITES = ["a.example", "b.example", "c.example"]


def download(site):
    time.sleep(1)
    return len(site)


start = time.perf_counter()
for s in SITES:
    download(s)
print(f"sequential: {time.perf_counter() - start:.1f} s")

start = time.perf_counter()
threads = [threading.Thread(target=download, args=(s,)) for s in SITES]
for t in threads:
    t.start()
for t in threads:
    t.join()
print(f"threaded: {time.perf_counter() - start:.1f} s")
