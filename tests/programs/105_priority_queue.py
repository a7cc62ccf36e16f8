import queue, threading
pq = queue.PriorityQueue()
for item in [(3, "low"), (1, "high"), (2, "mid"), (1, "also high")]:
    pq.put(item)
out = []
def worker():
    while not pq.empty():
        out.append(pq.get())
        pq.task_done()
t = threading.Thread(target=worker)
t.start(); t.join()
print(out, pq.qsize())
