"""contextlib.contextmanager helpers around threads: a timed section and a lock with a log."""
import threading
import time
from contextlib import ExitStack, contextmanager, nullcontext, suppress

lock = threading.Lock()
events = []


@contextmanager
def timed(label):
    start = time.perf_counter()
    try:
        yield
    finally:
        took = time.perf_counter() - start
        events.append(f"{label}: {took >= 0.05}")


@contextmanager
def locked(name):
    with lock:
        events.append(f"{name} has the lock")
        yield name.upper()
    events.append(f"{name} released it")


def worker(name):
    with timed(name), locked(name) as loud:
        time.sleep(0.05)
        events.append(f"{loud} worked")


threads = [threading.Thread(target=worker, args=(n,)) for n in ("a", "b")]
for t in threads:
    t.start()
    time.sleep(0.01)
for t in threads:
    t.join()
print("\n".join(events))

with suppress(KeyError, ValueError):
    int("not a number")
print("suppressed")


@contextmanager
def failing():
    yield
    print("not reached")


try:
    with failing():
        raise RuntimeError("inside the block")
except RuntimeError as e:
    print("RuntimeError:", e)

with ExitStack() as stack:
    stack.callback(print, "callback 1")
    stack.callback(print, "callback 2")
    value = stack.enter_context(nullcontext(42))
    print("value", value)


@timed("decorated")
def quick():
    time.sleep(0.06)


quick()
print(events[-1])
