# gilscope-test: tty
# Shared memory between processes: Value and Array, with and without their lock.
import multiprocessing


def add_locked(total, n):
    for _ in range(n):
        with total.get_lock():
            total.value += 1


def fill(arr, start):
    for i in range(len(arr)):
        if i % 2 == start:
            arr[i] = i * i


if __name__ == "__main__":
    total = multiprocessing.Value("i", 0)
    print(total, total.value)
    ps = [multiprocessing.Process(target=add_locked, args=(total, 2000)) for _ in range(2)]
    for p in ps:
        p.start()
    for p in ps:
        p.join()
    print("with the lock:", total.value)

    arr = multiprocessing.Array("i", 6)
    ps = [multiprocessing.Process(target=fill, args=(arr, s)) for s in (0, 1)]
    for p in ps:
        p.start()
    for p in ps:
        p.join()
    print(arr[:], len(arr), arr[-1], list(arr))

    d = multiprocessing.Value("d", 0.5)
    d.value *= 3
    print(d.value, repr(d))
    raw = multiprocessing.Value("i", 7, lock=False)
    print(raw, raw.value)
    small = multiprocessing.Value("b", 127)
    small.value += 1
    print("a signed char wraps:", small.value)
    floats = multiprocessing.Array("d", [1.5, 2.5])
    floats[0] = 4
    print(floats[:])
    lock = multiprocessing.Lock()
    print(lock)
    with lock:
        print(lock)
    r = multiprocessing.RLock()
    with r:
        with r:
            print(r)
    print(multiprocessing.Semaphore(2), multiprocessing.BoundedSemaphore(3))
