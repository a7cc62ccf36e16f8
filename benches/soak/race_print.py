import threading, time, sys
stop = False
def spinner():
    n = 0
    while not stop:
        n += 1
def printer(res):
    waits = []
    for k in range(1500):
        for _ in range(20000):
            pass
        t = time.perf_counter_ns()
        print("Cor impressa: rodada 1 - vermelho")
        waits.append(time.perf_counter_ns() - t)
    res.extend(waits)
res = []
b = threading.Thread(target=spinner)
a = threading.Thread(target=printer, args=(res,))
b.start(); a.start(); a.join(); stop = True; b.join()
lost = [w for w in res if w > 100_000]
res.sort()
print("prints", len(res), "lost", len(lost), "frac %.3f" % (len(lost)/len(res)), "median ns", res[len(res)//2], "p90", res[len(res)*9//10], file=sys.stderr)
