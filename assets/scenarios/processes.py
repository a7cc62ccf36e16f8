import multiprocessing
import threading
import time


def count(n):
    while n > 0:
        n -= 1


def timed(kind, n):
    workers = [kind(target=count, args=(n,)) for _ in range(2)]
    start = time.perf_counter()
    for w in workers:
        w.start()
    for w in workers:
        w.join()
    return time.perf_counter() - start


if __name__ == "__main__":
    with_threads = timed(threading.Thread, 4_000_000)
    print("threads finished")
    with_processes = timed(multiprocessing.Process, 4_000_000)
    print("processes faster than threads:", with_processes < 0.8 * with_threads)
