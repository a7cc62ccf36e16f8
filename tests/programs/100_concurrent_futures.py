import concurrent.futures
import threading
import time
from concurrent.futures import ThreadPoolExecutor, as_completed, wait
def work(n):
    time.sleep(0.1 * n)
    return n * n, threading.current_thread().name
with ThreadPoolExecutor(max_workers=3) as ex:
    results = list(ex.map(work, [3, 1, 2]))
print(results)
with ThreadPoolExecutor(max_workers=2, thread_name_prefix="pool") as ex:
    fs = [ex.submit(work, n) for n in (2, 1)]
    done = sorted(f.result()[0] for f in as_completed(fs))
    print(done, fs[0].done())
def boom():
    raise ValueError("from worker")
ex = ThreadPoolExecutor()
f = ex.submit(boom)
try:
    f.result()
except ValueError as e:
    print("caught", e, f.exception())
g = ex.submit(sum, [1, 2, 3])
print(g.result(), wait([g]).done == {g})
ex.shutdown()
print(concurrent.futures.FIRST_COMPLETED)
pool = ThreadPoolExecutor(2)
pool.submit(print, "left running at exit")
