"""apply_async with callbacks, error callbacks, get with timeout, and AsyncResult state."""
import multiprocessing
import time


def slow_square(x):
    time.sleep(0.05)
    return x * x


def fail(x):
    raise ValueError(f"bad input {x}")


results = []


def collect(value):
    results.append(value)


if __name__ == "__main__":
    with multiprocessing.Pool(2) as pool:
        handles = [pool.apply_async(slow_square, (i,), callback=collect) for i in range(6)]
        print([h.get(timeout=5) for h in handles])
        bad = pool.apply_async(fail, (7,), error_callback=lambda e: print("error callback:", e))
        bad.wait()
        print("ready:", bad.ready(), "successful:", bad.successful())
        try:
            bad.get()
        except ValueError as e:
            print("get raised:", e)
        m = pool.map_async(slow_square, [1, 2, 3])
        print("map_async:", m.get())
        late = pool.apply_async(time.sleep, (1,))
        try:
            late.get(timeout=0.1)
        except multiprocessing.TimeoutError:
            print("timed out waiting")
    print("callback saw:", sorted(results))
