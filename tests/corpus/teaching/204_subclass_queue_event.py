"""Extending queue.Queue, threading.Event and collections types, as courses do."""
import collections
import queue
import threading


class JobQueue(queue.Queue):
    def put_many(self, items):
        for x in items:
            self.put(x)


q = JobQueue(maxsize=10)
q.put_many([1, 2, 3])
print(q.qsize(), q.get(), q.empty(), q.maxsize)


class Signal(threading.Event):
    def fire(self):
        print("firing")
        self.set()


ev = Signal()
threading.Thread(target=ev.fire).start()
ev.wait()
print("set:", ev.is_set())


class History(collections.deque):
    pass


class Hits(collections.Counter):
    pass


print(History([1, 2], maxlen=3), Hits("abca"), collections.OrderedDict(a=1))
