import threading
import time
import random
random.seed(1)
N = 5
forks = [threading.Lock() for _ in range(N)]
meals = [0] * N
def philosopher(i):
    left, right = forks[i], forks[(i + 1) % N]
    first, second = (left, right) if i % 2 == 0 else (right, left)
    for _ in range(3):
        with first:
            with second:
                meals[i] += 1
                time.sleep(0.01)
        time.sleep(0.005)
ps = [threading.Thread(target=philosopher, args=(i,), name=f"P{i}") for i in range(N)]
for p in ps: p.start()
for p in ps: p.join()
print(meals)
class BoundedBuffer:
    def __init__(self, size):
        self.buf = []
        self.size = size
        self.cond = threading.Condition()
    def put(self, x):
        with self.cond:
            while len(self.buf) >= self.size:
                self.cond.wait()
            self.buf.append(x)
            self.cond.notify_all()
    def get(self):
        with self.cond:
            while not self.buf:
                self.cond.wait()
            x = self.buf.pop(0)
            self.cond.notify_all()
            return x
bb = BoundedBuffer(2)
out = []
def prod():
    for i in range(10):
        bb.put(i)
def cons():
    for _ in range(10):
        out.append(bb.get())
a = threading.Thread(target=prod); b = threading.Thread(target=cons)
a.start(); b.start(); a.join(); b.join()
print(out)
import queue
q = queue.Queue()
def worker():
    while True:
        item = q.get()
        if item is None:
            q.task_done()
            break
        time.sleep(0.001)
        q.task_done()
workers = [threading.Thread(target=worker, daemon=True) for _ in range(3)]
for w in workers: w.start()
for i in range(20): q.put(i)
for _ in workers: q.put(None)
q.join()
print("queue drained", q.qsize())
