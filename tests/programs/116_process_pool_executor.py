# gilscope-test: tty
# concurrent.futures.ProcessPoolExecutor: submit, map, as_completed, exceptions, shutdown.
import concurrent.futures
import multiprocessing


def cube(x):
    return x ** 3


def slow_sum(n):
    total = 0
    for i in range(n):
        total += i
    return total


def fail(x):
    raise KeyError(x)


if __name__ == "__main__":
    with concurrent.futures.ProcessPoolExecutor(max_workers=2) as ex:
        f = ex.submit(cube, 3)
        print(f.result(), f.done(), f.exception())
        print(list(ex.map(cube, range(5))))
        print(list(ex.map(cube, range(7), chunksize=3)))
        futures = {ex.submit(slow_sum, n): n for n in (10, 1000, 100)}
        results = {}
        for done in concurrent.futures.as_completed(futures):
            results[futures[done]] = done.result()
        print(sorted(results.items()))
        bad = ex.submit(fail, "key")
        print(repr(bad.exception()))
        try:
            bad.result()
        except KeyError as e:
            print("KeyError raised:", e)
        print(sorted(p.name for p in multiprocessing.active_children()))
    print("after with:", multiprocessing.active_children())
    ex = concurrent.futures.ProcessPoolExecutor(max_workers=1)
    print(ex.submit(cube, 2).result())
    ex.shutdown(wait=True)
    try:
        ex.submit(cube, 1)
    except RuntimeError as e:
        print("RuntimeError:", e)
    try:
        concurrent.futures.ProcessPoolExecutor(max_workers=0)
    except ValueError as e:
        print("ValueError:", e)
