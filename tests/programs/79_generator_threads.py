import threading
def numbers(n):
    for i in range(n):
        yield i * i
totals = []
lock = threading.Lock()
def consume(n):
    s = sum(numbers(n))
    with lock:
        totals.append(s)
ts = [threading.Thread(target=consume, args=(n,)) for n in (10, 100, 1000)]
for t in ts:
    t.start()
for t in ts:
    t.join()
print(sorted(totals))
