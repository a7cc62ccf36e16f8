"""Sizing a pool from cpu_count(); the default Pool uses one process per CPU."""
import multiprocessing
import os

if __name__ == "__main__":
    n = multiprocessing.cpu_count()
    print("cpu_count is positive:", n >= 1)
    print("same as os.cpu_count():", n == os.cpu_count())
    with multiprocessing.Pool() as pool:
        names = set(pool.map(str, range(n)))
        print("default pool size matches:", pool._processes == n)
    print("start method:", multiprocessing.get_start_method())
