"""An exception inside a pooled task comes back from result()."""
from concurrent.futures import ThreadPoolExecutor


def risky(n):
    if n % 3 == 0:
        raise ValueError(f"bad input {n}")
    return n * 10


with ThreadPoolExecutor(max_workers=2) as ex:
    futures = [ex.submit(risky, n) for n in range(1, 7)]
    for n, f in enumerate(futures, start=1):
        try:
            print(n, f.result())
        except ValueError as e:
            print(n, "failed:", e)
