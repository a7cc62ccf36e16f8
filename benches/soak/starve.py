import threading, time, sys
t0 = time.perf_counter()
def spin(i):
    n = 0
    while n < 3 * 10**7:
        n += 1
        if n % 100000 == 0:
            print(i, n)
ts = [threading.Thread(target=spin, args=(i,), daemon=True) for i in range(3)]
for t in ts:
    t.start()
    print("started", t.name, round(time.perf_counter() - t0, 4), file=sys.stderr)
