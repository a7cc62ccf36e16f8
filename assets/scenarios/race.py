import threading

counter = 0
lock = threading.Lock()


def work():
    return 0


def add(times):
    global counter
    for _ in range(times):
        value = counter
        work()
        counter = value + 1


def add_locked(times):
    global counter
    for _ in range(times):
        with lock:
            value = counter
            work()
            counter = value + 1


def run(target, times):
    global counter
    counter = 0
    threads = [threading.Thread(target=target, args=(times,)) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return counter == 4 * times


print("without a lock, all 1600000 increments counted:", run(add, 400_000))
print("with a lock, all 400000 increments counted:", run(add_locked, 100_000))
