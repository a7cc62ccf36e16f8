"""A shared Value updated by several processes: a Lock keeps the count right; an RLock nests."""
import multiprocessing


def add(total, lock, times):
    for _ in range(times):
        with lock:
            total.value += 1


def nested(rlock, log):
    with rlock:
        with rlock:
            log.put(multiprocessing.current_process().name)


if __name__ == "__main__":
    total = multiprocessing.Value("i", 0)
    lock = multiprocessing.Lock()
    procs = [multiprocessing.Process(target=add, args=(total, lock, 200)) for _ in range(4)]
    for p in procs:
        p.start()
    for p in procs:
        p.join()
    print("total:", total.value)

    rlock = multiprocessing.RLock()
    log = multiprocessing.Queue()
    p = multiprocessing.Process(target=nested, args=(rlock, log), name="nester")
    p.start()
    p.join()
    print("re-entered in", log.get())
    print(lock.acquire(False), lock.acquire(False))
    lock.release()
