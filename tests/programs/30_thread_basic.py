import threading
import time
def worker(n):
    print(f"worker {n} start")
    time.sleep(0.1 * n)
    print(f"worker {n} end")
threads = [threading.Thread(target=worker, args=(i,)) for i in range(1, 4)]
for t in threads:
    t.start()
for t in threads:
    t.join()
print("all done", [t.name for t in threads])
print([t.is_alive() for t in threads])
