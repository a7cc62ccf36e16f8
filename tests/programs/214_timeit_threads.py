# timeit comparing sequential and threaded I/O-bound work (sleeps overlap in threads).
import threading
import time
import timeit


def io_task():
    time.sleep(0.05)


def sequential():
    for _ in range(4):
        io_task()


def threaded():
    threads = [threading.Thread(target=io_task) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()


seq = timeit.timeit(sequential, number=2)
thr = timeit.timeit(threaded, number=2)
# The bounds leave room for CPython's sleeps to overshoot on a busy machine.
print("sequential takes 8 sleeps:", seq >= 0.4, "threaded at least 2:", thr >= 0.1)
print("threads faster:", thr < seq)
runs = timeit.repeat(io_task, number=1, repeat=3)
print(len(runs), [0.05 <= r < 0.08 for r in runs])
t0 = timeit.default_timer()
time.sleep(0.1)
print(0.1 <= timeit.default_timer() - t0 < 0.15)
print(timeit.timeit("sum(range(100))", number=1000) < 1.0)
print(timeit.timeit("io_task()", setup="from __main__ import io_task", number=2) >= 0.1)
timer = timeit.Timer("x = y * 2", setup="y = 21")
print(timer.timeit(number=10) < 0.01, len(timer.repeat(repeat=2, number=5)))
try:
    timeit.timeit("x +", number=1)
except SyntaxError:
    print("SyntaxError in the statement")
try:
    timeit.timeit("1 / 0", number=1)
except ZeroDivisionError as e:
    print("ZeroDivisionError:", e)
