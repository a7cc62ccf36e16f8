"""PyMOTW: a Thread subclass that keeps its own args and kwargs."""
import logging
import threading

logging.basicConfig(level=logging.DEBUG, format="(%(threadName)-10s) %(message)s")


class MyThreadWithArgs(threading.Thread):
    def __init__(self, group=None, target=None, name=None, args=(), kwargs=None, *, daemon=None):
        super().__init__(group=group, target=target, name=name, daemon=daemon)
        self.args = args
        self.kwargs = kwargs

    def run(self):
        logging.debug("running with %s and %s", self.args, self.kwargs)


for i in range(3):
    t = MyThreadWithArgs(args=(i,), kwargs={"a": "A", "b": "B"}, name=f"T{i}")
    t.start()
    t.join()
print(isinstance(t, threading.Thread), t.is_alive())
