# gilscope-test: tty
# multiprocessing.Pool: map, starmap, apply_async, imap, callbacks, errors, close/join.
import multiprocessing
import threading


def square(x):
    return x * x


def power(base, exp):
    return base ** exp


def check(x):
    if x == 3:
        raise ValueError(f"bad value {x}")
    return x


if __name__ == "__main__":
    with multiprocessing.Pool(processes=2) as pool:
        print(pool)
        print(pool.map(square, range(10)))
        print(pool.starmap(power, [(2, 3), (3, 2), (10, 0)]))
        r = pool.apply_async(square, (12,))
        print(r.get(timeout=5), r.ready(), r.successful())
        print(pool.apply(power, (2, 10)))
        print(list(pool.imap(square, [5, 6, 7])))
        print(sorted(pool.imap_unordered(square, [5, 6, 7])))
        print(list(pool.imap(square, range(6), chunksize=4)))
        done = []
        r = pool.map_async(square, [1, 2, 3], callback=done.append)
        r.wait()
        print("callback got", done)
        try:
            pool.map(check, range(5))
        except ValueError as e:
            print("map raised", repr(e))
        errors = []
        r = pool.apply_async(check, (3,), error_callback=errors.append)
        r.wait()
        print(r.successful(), errors)
        print(sorted(t.name for t in threading.enumerate()))
        print(sorted(p.name for p in multiprocessing.active_children()))
    print(pool, multiprocessing.active_children())
    pool = multiprocessing.Pool(2)
    result = pool.map_async(power, [(1, 2)])
    pool.close()
    try:
        pool.map(square, [1])
    except ValueError as e:
        print("ValueError:", e)
    pool.join()
    try:
        print(result.get())
    except TypeError as e:
        print("TypeError:", e)
