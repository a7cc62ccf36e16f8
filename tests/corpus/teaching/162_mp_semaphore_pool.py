"""A Semaphore lets at most two of five processes into the section at once."""
import multiprocessing
import time


def worker(s, active, lock, peak):
    with s:
        with lock:
            active.value += 1
            peak.value = max(peak.value, active.value)
        time.sleep(0.1)
        with lock:
            active.value -= 1


if __name__ == "__main__":
    s = multiprocessing.Semaphore(2)
    lock = multiprocessing.Lock()
    active = multiprocessing.Value("i", 0, lock=False)
    peak = multiprocessing.Value("i", 0, lock=False)
    jobs = [multiprocessing.Process(target=worker, name=str(i), args=(s, active, lock, peak))
            for i in range(5)]
    for j in jobs:
        j.start()
    for j in jobs:
        j.join()
    print("peak inside:", peak.value)
    print("active at the end:", active.value)
