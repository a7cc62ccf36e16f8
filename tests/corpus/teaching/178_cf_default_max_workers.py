"""Python 3.8+: a ThreadPoolExecutor without max_workers uses min(32, cpu_count + 4)."""
import os
from concurrent.futures import ThreadPoolExecutor, ProcessPoolExecutor

with ThreadPoolExecutor() as ex:
    expected = min(32, (os.cpu_count() or 1) + 4)
    print("thread pool default is min(32, cpu_count + 4):", ex._max_workers == expected)
    print("at least five workers:", ex._max_workers >= 5)

if __name__ == "__main__":
    with ProcessPoolExecutor() as pex:
        print("process pool default is cpu_count:", pex._max_workers == os.cpu_count())
    try:
        ThreadPoolExecutor(max_workers=0)
    except ValueError as e:
        print("ValueError:", e)
