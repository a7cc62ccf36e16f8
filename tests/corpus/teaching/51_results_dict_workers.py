"""Workers pull numbers from a queue and store results in a shared dict."""
import queue
import threading


def is_prime(n):
    if n < 2:
        return False
    i = 2
    while i * i <= n:
        if n % i == 0:
            return False
        i += 1
    return True


numbers = queue.Queue()
for n in range(2, 60):
    numbers.put(n)
results = {}
results_lock = threading.Lock()


def worker():
    while True:
        try:
            n = numbers.get_nowait()
        except queue.Empty:
            return
        p = is_prime(n)
        with results_lock:
            results[n] = p


workers = [threading.Thread(target=worker) for _ in range(4)]
for w in workers:
    w.start()
for w in workers:
    w.join()
print([n for n in sorted(results) if results[n]])
