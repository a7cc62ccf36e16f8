import threading
import queue
q = queue.Queue()
def producer():
    for i in range(5):
        q.put(i)
    q.put(None)
def consumer(out):
    while True:
        item = q.get()
        if item is None:
            break
        out.append(item * 10)
        q.task_done()
out = []
p = threading.Thread(target=producer)
c = threading.Thread(target=consumer, args=(out,))
p.start(); c.start()
p.join(); c.join()
print(out, q.empty(), q.qsize())
lq = queue.LifoQueue()
for i in range(3):
    lq.put(i)
print([lq.get() for _ in range(3)])
bq = queue.Queue(maxsize=1)
bq.put("a")
print(bq.full())
try:
    bq.put("b", block=False)
except queue.Full:
    print("full")
try:
    queue.Queue().get(timeout=0.01)
except queue.Empty:
    print("empty")
sq = queue.SimpleQueue()
sq.put(1)
print(sq.get(), sq.empty())
