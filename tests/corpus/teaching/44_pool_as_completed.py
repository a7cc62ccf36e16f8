"""submit returns futures; as_completed yields them as they finish."""
import time
from concurrent.futures import ThreadPoolExecutor, as_completed

DELAYS = {"alpha": 0.3, "beta": 0.1, "gamma": 0.2}


def check(host):
    time.sleep(DELAYS[host])
    return host, DELAYS[host] < 0.25


with ThreadPoolExecutor(max_workers=3) as ex:
    futures = {ex.submit(check, h): h for h in DELAYS}
    for fut in as_completed(futures):
        host, fast = fut.result()
        print(f"{host}: {'fast' if fast else 'slow'}")
print(all(f.done() for f in futures))
