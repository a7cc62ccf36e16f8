"""PyMOTW: terminating a process; its exitcode is minus the signal number."""
import multiprocessing
import time


def slow_worker():
    print("Starting worker")
    time.sleep(10)
    print("Finished worker")


def quick(code):
    raise SystemExit(code)


if __name__ == "__main__":
    p = multiprocessing.Process(target=slow_worker)
    print("BEFORE:", p.exitcode, p.is_alive())
    p.start()
    time.sleep(0.2)
    print("DURING:", p.exitcode, p.is_alive())
    p.terminate()
    p.join()
    print("AFTER:", p.exitcode, p.is_alive())

    for code in (0, 3):
        q = multiprocessing.Process(target=quick, args=(code,))
        q.start()
        q.join()
        print("exit with", code, "->", q.exitcode)
