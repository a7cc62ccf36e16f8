import sys
import threading


def count(n):
    while n > 0:
        n -= 1


def run(interval):
    sys.setswitchinterval(interval)
    threads = [threading.Thread(target=count, args=(3_000_000,)) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    print(f"done with a switch interval of {interval * 1000:.0f} ms")


run(0.001)
run(0.020)
