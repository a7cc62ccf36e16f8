"""A read-modify-write with a pause in the middle loses updates; a lock fixes it."""
# How many updates the race loses varies from run to run, in CPython too:
# teaching: level numbers
import threading
import time

balance = 0
lock = threading.Lock()


def unsafe_deposit(times):
    global balance
    for _ in range(times):
        current = balance
        time.sleep(0)
        balance = current + 1


def safe_deposit(times):
    global balance
    for _ in range(times):
        with lock:
            current = balance
            time.sleep(0)
            balance = current + 1


for fn in (unsafe_deposit, safe_deposit):
    balance = 0
    threads = [threading.Thread(target=fn, args=(100,)) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    print(f"{fn.__name__}: expected 400, got {balance}, lost {400 - balance > 0}")
