# A heapq-based scheduler: tasks run in order of their due time, ties by arrival.
import heapq
import itertools
import threading
import time

counter = itertools.count()
queue = []
lock = threading.Lock()
done = []


def schedule(due, name):
    with lock:
        heapq.heappush(queue, (due, next(counter), name))


def runner():
    start = time.monotonic()
    while True:
        with lock:
            if not queue:
                return
            due, _, name = queue[0]
            wait = due - (time.monotonic() - start)
            if wait <= 0:
                heapq.heappop(queue)
                done.append(name)
                continue
        time.sleep(min(wait, 0.01))


for due, name in [(0.05, "backup"), (0.01, "email"), (0.03, "report"), (0.01, "sms"),
                  (0.02, "cleanup")]:
    schedule(due, name)
t = threading.Thread(target=runner)
t.start()
t.join()
print(done)

h = [9, 4, 7, 1, 0, 3, 8]
heapq.heapify(h)
print(h, heapq.heappop(h), h)
print(heapq.heappushpop(h, 5), heapq.heapreplace(h, 10), h)
print(heapq.nlargest(3, [1, 8, 3, 9, 2]), heapq.nsmallest(2, [1, 8, 3, 9, 2]))
print(heapq.nlargest(2, [("a", 3), ("b", 5), ("c", 5)], key=lambda p: p[1]))
print(list(heapq.merge([1, 4, 7], [2, 5, 8], [0, 3])))
print(list(heapq.merge([7, 4, 1], [8, 2], reverse=True)))


class Job:
    def __init__(self, prio, name):
        self.prio, self.name = prio, name

    def __lt__(self, other):
        return self.prio < other.prio

    def __repr__(self):
        return self.name


jobs = []
for i, p in enumerate([2, 1, 2, 1, 3, 2, 1, 3, 2]):
    heapq.heappush(jobs, Job(p, f"j{i}"))
print([heapq.heappop(jobs) for _ in range(len(jobs))])
