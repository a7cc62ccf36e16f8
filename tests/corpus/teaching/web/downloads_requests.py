# The classic comparison, as tutorials write it: the same twenty pages fetched one by
# one, with a thread each, and with a thread pool.
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import requests

URLS = [f"https://books.toscrape.com/catalogue/page-{n}.html" for n in range(1, 21)]


def fetch(url):
    response = requests.get(url, timeout=10)
    response.raise_for_status()
    return len(response.content)


def sequential():
    return sum(fetch(url) for url in URLS)


def with_threads():
    sizes = []
    lock = threading.Lock()

    def worker(url):
        size = fetch(url)
        with lock:
            sizes.append(size)

    threads = [threading.Thread(target=worker, args=(url,)) for url in URLS]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return sum(sizes)


def with_pool():
    with ThreadPoolExecutor(max_workers=20) as pool:
        return sum(pool.map(fetch, URLS))


for name, how in [("sequential", sequential), ("threads", with_threads),
                  ("pool", with_pool)]:
    start = time.perf_counter()
    total = how()
    elapsed = time.perf_counter() - start
    print(f"{name}: {len(URLS)} pages, {total} bytes in {elapsed:.3f} s")
