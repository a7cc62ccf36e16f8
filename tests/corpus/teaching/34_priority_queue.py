"""A PriorityQueue hands out the most urgent job first."""
import queue
import threading

jobs = queue.PriorityQueue()
for priority, name in [(3, "backup"), (1, "page the on-call"), (2, "rotate logs"), (1, "restart db")]:
    jobs.put((priority, name))

order = []


def dispatcher():
    while not jobs.empty():
        priority, name = jobs.get()
        order.append(f"{priority}:{name}")
        jobs.task_done()


t = threading.Thread(target=dispatcher)
t.start()
t.join()
print("\n".join(order))
