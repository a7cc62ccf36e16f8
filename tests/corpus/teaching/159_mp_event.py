"""PyMOTW: processes block on a multiprocessing.Event, one with a timeout."""
import multiprocessing
import time


def wait_for_event(e):
    print("wait_for_event: starting", flush=True)
    e.wait()
    print("wait_for_event: e.is_set()->", e.is_set(), flush=True)


def wait_for_event_timeout(e, t):
    print("wait_for_event_timeout: starting", flush=True)
    e.wait(t)
    print("wait_for_event_timeout: e.is_set()->", e.is_set(), flush=True)


if __name__ == "__main__":
    e = multiprocessing.Event()
    w1 = multiprocessing.Process(name="block", target=wait_for_event, args=(e,))
    w1.start()
    time.sleep(0.1)
    w2 = multiprocessing.Process(name="nonblock", target=wait_for_event_timeout, args=(e, 0.2))
    w2.start()
    time.sleep(0.5)
    print("main: waiting before calling Event.set()", flush=True)
    e.set()
    print("main: event is set", flush=True)
    w1.join()
    w2.join()
