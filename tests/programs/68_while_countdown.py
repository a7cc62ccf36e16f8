import time
def countdown(n):
    while n > 0:
        n -= 1
    return n
start = time.perf_counter()
countdown(1_000_000)
elapsed = time.perf_counter() - start
print("countdown finished", countdown(10))
print("fast enough:", 0.001 < elapsed < 0.5)
