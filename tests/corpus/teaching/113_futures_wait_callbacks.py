"""concurrent.futures: wait(FIRST_COMPLETED), done callbacks, cancel and result timeouts."""
import time
from concurrent.futures import FIRST_COMPLETED, ALL_COMPLETED, ThreadPoolExecutor, TimeoutError, wait

seen = []


def job(n):
    time.sleep(n / 10)
    return n * n


def report(fut):
    seen.append("cancelled" if fut.cancelled() else fut.result())


with ThreadPoolExecutor(max_workers=2) as ex:
    futures = [ex.submit(job, n) for n in (3, 1, 5, 4)]
    for f in futures:
        f.add_done_callback(report)
    done, pending = wait(futures, return_when=FIRST_COMPLETED)
    print("first done:", sorted(f.result() for f in done), "pending:", len(pending))
    print("cancel the queued one:", futures[3].cancel(), futures[3].cancelled())
    try:
        futures[0].result(timeout=0.05)
    except TimeoutError:
        print("job 3 not ready after 0.05 s")
    done, pending = wait(futures[:3], return_when=ALL_COMPLETED)
    print("all done:", sorted(f.result() for f in done), len(pending))
print("callbacks saw:", seen)
print(futures[3].cancelled(), futures[0].done(), futures[3].done())
