# An error inside a @contextmanager block is reported with the block's frames only.
from contextlib import contextmanager
import threading, time

lock = threading.Lock()

@contextmanager
def timed(label):
    start = time.perf_counter()
    with lock:
        yield
    print(label, "done")

def work():
    with timed("job"):
        raise ValueError("inside")

work()
