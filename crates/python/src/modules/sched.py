# sched for gilscope, written for this project from the documented behaviour of
# Python 3.11's sched: a scheduler of events run in (time, priority, order of entry)
# order, safe to use from several threads: its queue is guarded by a lock, and between
# two events run() sleeps for no time so that other threads get a turn, as CPython's
# does.

import heapq
import threading
import time
from collections import namedtuple

__all__ = ["scheduler"]

Event = namedtuple("Event", "time, priority, sequence, action, argument, kwargs")

_NO_KWARGS = object()


class scheduler:
    def __init__(self, timefunc=time.monotonic, delayfunc=time.sleep):
        self.timefunc = timefunc
        self.delayfunc = delayfunc
        self._heap = []
        self._guard = threading.RLock()
        self._entered = 0

    def enterabs(self, time, priority, action, argument=(), kwargs=_NO_KWARGS):
        with self._guard:
            ev = Event(time, priority, self._entered, action, argument,
                       {} if kwargs is _NO_KWARGS else kwargs)
            self._entered += 1
            heapq.heappush(self._heap, ev)
            return ev

    def enter(self, delay, priority, action, argument=(), kwargs=_NO_KWARGS):
        return self.enterabs(self.timefunc() + delay, priority, action, argument, kwargs)

    def cancel(self, event):
        with self._guard:
            self._heap.remove(event)
            heapq.heapify(self._heap)

    def empty(self):
        with self._guard:
            return len(self._heap) == 0

    def _take_due(self):
        """The first event if it is due (popped), else the seconds until it is, else None."""
        with self._guard:
            if not self._heap:
                return None
            wait = self._heap[0].time - self.timefunc()
            if wait > 0:
                return wait
            return heapq.heappop(self._heap)

    def run(self, blocking=True):
        while True:
            due = self._take_due()
            if due is None:
                return None
            if isinstance(due, Event):
                due.action(*due.argument, **due.kwargs)
                self.delayfunc(0)
            elif blocking:
                self.delayfunc(due)
            else:
                return due

    @property
    def queue(self):
        with self._guard:
            return sorted(self._heap)
