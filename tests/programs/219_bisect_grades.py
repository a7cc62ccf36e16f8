# bisect: grading scores by breakpoints, and a sorted event log that threads insert into.
import bisect
import threading

breakpoints = [60, 70, 80, 90]
grades = "FDCBA"
print([grades[bisect.bisect(breakpoints, s)] for s in [33, 99, 77, 70, 89, 90, 100]])

events = []
lock = threading.Lock()


def record(stamps):
    for s in stamps:
        with lock:
            bisect.insort(events, s)


threads = [threading.Thread(target=record, args=(range(k, 30, 3),)) for k in range(3)]
for t in threads:
    t.start()
for t in threads:
    t.join()
print(events == sorted(events), len(events), events[:5])

a = [1, 2, 2, 2, 3, 5]
print(bisect.bisect_left(a, 2), bisect.bisect_right(a, 2), bisect.bisect_left(a, 4),
      bisect.bisect_left(a, 2, 2), bisect.bisect_right(a, 2, 0, 3))
people = [("ann", 31), ("bob", 25), ("cy", 40)]
people.sort(key=lambda p: p[1])
bisect.insort(people, ("dee", 33), key=lambda p: p[1])
print(people, bisect.bisect_left(people, 30, key=lambda p: p[1]))
bisect.insort_left(a, 2)
print(a)
try:
    bisect.bisect(a, 1, -1)
except ValueError as e:
    print("ValueError:", e)
