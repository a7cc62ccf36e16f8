# Four "requests" of 0.3 s each, in four threads: the waits overlap.
# gilscope compare assets/compare/with_threads.py assets/compare/with_asyncio.py
import threading
import time


def fetch(name):
    time.sleep(0.3)
    print(f"{name} done")


start = time.perf_counter()
threads = [threading.Thread(target=fetch, args=(f"request {i}",)) for i in range(4)]
for t in threads:
    t.start()
for t in threads:
    t.join()
print(f"threads: {time.perf_counter() - start:.1f} s")
