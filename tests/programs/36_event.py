import threading
import time
ready = threading.Event()
results = []
def waiter(i):
    ready.wait()
    results.append(i)
ts = [threading.Thread(target=waiter, args=(i,)) for i in range(3)]
for t in ts:
    t.start()
time.sleep(0.2)
print("before set:", results)
ready.set()
for t in ts:
    t.join()
print("after set:", sorted(results))
