"""A Future's life: running, done, cancel on a queued future, exception, done callbacks."""
import threading
import time
from concurrent.futures import ThreadPoolExecutor, CancelledError

gate = threading.Event()


def blocker():
    gate.wait()
    return "unblocked"


def boom():
    raise KeyError("missing")


def on_done(fut):
    if fut.cancelled():
        print("callback: cancelled")
    elif fut.exception() is not None:
        print("callback: raised", repr(fut.exception()))
    else:
        print("callback: result", fut.result())


with ThreadPoolExecutor(max_workers=1) as ex:
    first = ex.submit(blocker)
    queued = ex.submit(pow, 2, 8)
    time.sleep(0.05)
    print("first running:", first.running(), "done:", first.done())
    print("queued running:", queued.running())
    print("cancel queued:", queued.cancel(), "cancel first:", first.cancel())
    queued.add_done_callback(on_done)
    first.add_done_callback(on_done)
    gate.set()
    print("first result:", first.result())
    print("queued cancelled:", queued.cancelled(), "done:", queued.done())
    try:
        queued.result()
    except CancelledError:
        print("result() of a cancelled future raises CancelledError")
    failing = ex.submit(boom)
    print("exception():", repr(failing.exception()))
    failing.add_done_callback(on_done)
