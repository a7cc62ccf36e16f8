"""PyMOTW: a daemon process does not block the main program; join waits for it."""
import multiprocessing
import time


def daemon():
    p = multiprocessing.current_process()
    print("Starting:", p.name, p.daemon, flush=True)
    time.sleep(0.3)
    print("Exiting :", p.name, flush=True)


def non_daemon():
    p = multiprocessing.current_process()
    print("Starting:", p.name, p.daemon, flush=True)
    print("Exiting :", p.name, flush=True)


if __name__ == "__main__":
    d = multiprocessing.Process(name="daemon", target=daemon)
    d.daemon = True
    n = multiprocessing.Process(name="non-daemon", target=non_daemon)
    n.daemon = False
    d.start()
    time.sleep(0.1)
    n.start()
    d.join(0.05)
    print("d.is_alive()", d.is_alive())
    n.join()
    d.join()
    print("d.is_alive()", d.is_alive())
