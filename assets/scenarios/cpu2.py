import threading
import time


def count(n):
    while n > 0:
        n -= 1


N = 1_000_000

start = time.perf_counter()
count(N)
count(N)
in_a_row = time.perf_counter() - start

a = threading.Thread(target=count, args=(N,))
b = threading.Thread(target=count, args=(N,))
start = time.perf_counter()
a.start()
b.start()
a.join()
b.join()
in_threads = time.perf_counter() - start

print("two threads faster than one after the other:", in_threads < 0.8 * in_a_row)
