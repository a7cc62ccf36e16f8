"""ThreadPoolExecutor.map returns results in input order."""
import time
from concurrent.futures import ThreadPoolExecutor


def fetch(page):
    time.sleep(0.1 * (5 - page))
    return f"page {page}: {page * 111} bytes"


with ThreadPoolExecutor(max_workers=4) as pool:
    for line in pool.map(fetch, range(1, 5)):
        print(line)
print("pool closed")
