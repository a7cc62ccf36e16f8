import threading
import queue
import time
q = queue.Queue(maxsize=2)
log = []
def producer(n):
    for i in range(n):
        q.put(i)
        time.sleep(0.01)
    q.put(None)
def consumer():
    total = 0
    while (item := q.get()) is not None:
        total += item
    log.append(total)
ps = threading.Thread(target=producer, args=(10,))
cs = threading.Thread(target=consumer)
ps.start(); cs.start()
ps.join(); cs.join()
print("total", log)
