"""multiprocessing.pool.ThreadPool and multiprocessing.dummy: a pool of threads, lambdas allowed."""
import time
from multiprocessing.dummy import Pool as DummyPool
from multiprocessing.pool import ThreadPool


def slow_square(x):
    time.sleep(0.01 * (5 - x))
    return x * x


with ThreadPool(3) as pool:
    print(pool.map(slow_square, range(5)))
    print(sorted(pool.imap_unordered(lambda x: x + 1, range(4))))
    pending = pool.apply_async(slow_square, (3,))
    print(pending.get(timeout=1), pending.successful())
    print(list(pool.imap(str, [1, 2])), pool.starmap(pow, [(2, 3), (3, 2)]))
    try:
        pool.apply(lambda: 1 / 0)
    except ZeroDivisionError as e:
        print("ZeroDivisionError:", e)

p = DummyPool(2)
print(p.map(len, ["a", "bb", "ccc"]))
p.close()
p.join()
print("done")
