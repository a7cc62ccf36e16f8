"""futures.wait with FIRST_COMPLETED, FIRST_EXCEPTION and a timeout."""
import time
from concurrent.futures import (ThreadPoolExecutor, wait, FIRST_COMPLETED,
                                FIRST_EXCEPTION, ALL_COMPLETED)


def task(n, fail=False):
    time.sleep(n)
    if fail:
        raise ValueError(f"task {n} failed")
    return n


with ThreadPoolExecutor(max_workers=4) as pool:
    fs = [pool.submit(task, d) for d in (0.3, 0.1, 0.2)]
    done, not_done = wait(fs, return_when=FIRST_COMPLETED)
    print("first completed:", [f.result() for f in done], "pending:", len(not_done))
    done, not_done = wait(fs, timeout=0.25)
    print("after 0.25s:", sorted(f.result() for f in done), "pending:", len(not_done))
    done, not_done = wait(fs, return_when=ALL_COMPLETED)
    print("all:", sorted(f.result() for f in done), "pending:", len(not_done))

    fs = [pool.submit(task, 0.1, True), pool.submit(task, 0.4)]
    done, not_done = wait(fs, return_when=FIRST_EXCEPTION)
    print("first exception:", [repr(f.exception()) for f in done], "pending:", len(not_done))
