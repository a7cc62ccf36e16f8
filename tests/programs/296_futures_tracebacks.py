# A task that raises: future.result() and Executor.map() show the library frames CPython shows.
from concurrent.futures import ThreadPoolExecutor
import time
def work(n):
    if n == 3:
        raise ValueError(f"bad {n}")
    return n * n
with ThreadPoolExecutor(max_workers=2) as ex:
    print(list(ex.map(work, [1, 2])))
    f = ex.submit(work, 3)
    try:
        f.result()
    except ValueError as e:
        print("caught", e)
    for r in ex.map(work, [1, 2, 3, 4]):
        print(r)
