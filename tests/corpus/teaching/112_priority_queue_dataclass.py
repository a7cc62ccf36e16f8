"""The queue docs' PrioritizedItem: a dataclass ordered by priority only."""
import queue
import threading
from dataclasses import dataclass, field
from typing import Any


@dataclass(order=True)
class PrioritizedItem:
    priority: int
    item: Any = field(compare=False)


q = queue.PriorityQueue()
for prio, job in [(3, "write report"), (1, "fix outage"), (2, "review PR"), (1, "page on-call")]:
    q.put(PrioritizedItem(prio, job))


def worker():
    while True:
        try:
            entry = q.get_nowait()
        except queue.Empty:
            break
        print(entry.priority, entry.item)
        q.task_done()


t = threading.Thread(target=worker)
t.start()
t.join()
print(PrioritizedItem(1, "a") == PrioritizedItem(1, "b"), PrioritizedItem(1, "x"))
