"""CPU-bound threads take turns on the GIL: results are right, speed-up is absent."""
import threading


def count_primes(lo, hi):
    found = 0
    for n in range(lo, hi):
        if n > 1 and all(n % d for d in range(2, int(n ** 0.5) + 1)):
            found += 1
    return found


results = [0] * 4


def work(i):
    results[i] = count_primes(i * 2500, (i + 1) * 2500)


threads = [threading.Thread(target=work, args=(i,)) for i in range(4)]
for t in threads:
    t.start()
for t in threads:
    t.join()
print(results, sum(results), count_primes(0, 10000))
