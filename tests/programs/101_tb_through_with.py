import threading
lock = threading.Lock()
def f():
    with lock:
        return {}["x"]
f()
