import time
t0 = time.time()
m0 = time.monotonic()
time.sleep(1.5)
print(round(time.time() - t0, 1), round(time.monotonic() - m0, 1))
print(type(time.time_ns()).__name__, type(time.perf_counter()).__name__)
ns0 = time.monotonic_ns()
time.sleep(0)
print(time.monotonic_ns() >= ns0)
try:
    time.sleep(-1)
except ValueError as e:
    print("ValueError:", e)
