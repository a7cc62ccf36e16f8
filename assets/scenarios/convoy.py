import threading
import time


def spin():
    n = 10_000_000
    while n > 0:
        n -= 1


def io():
    start = time.perf_counter()
    for _ in range(20):
        time.sleep(0)
    per_call = (time.perf_counter() - start) / 20
    print("each sleep(0) took more than 1 ms:", per_call > 0.001)


cpu = threading.Thread(target=spin, daemon=True)
cpu.start()
worker = threading.Thread(target=io)
worker.start()
worker.join()
