"""Catching errors inside threads and reporting them to the main thread."""
import threading

errors = []
results = {}


def safe_worker(n):
    try:
        if n == 3:
            raise KeyError(n)
        results[n] = 100 // (n - 2)
    except Exception as e:
        errors.append((n, type(e).__name__, str(e)))


ts = [threading.Thread(target=safe_worker, args=(n,)) for n in range(5)]
for t in ts:
    t.start()
for t in ts:
    t.join()
print(sorted(results.items()))
for err in sorted(errors):
    print("error:", err)
