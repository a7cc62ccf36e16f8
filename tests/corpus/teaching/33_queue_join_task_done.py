"""Queue.join waits until every item got a task_done; daemon workers then just stay."""
import queue
import threading
import time

q = queue.Queue()
processed = []
lock = threading.Lock()


def worker():
    while True:
        item = q.get()
        time.sleep(0.02)
        with lock:
            processed.append(item * item)
        q.task_done()


for i in range(3):
    threading.Thread(target=worker, daemon=True, name=f"w{i}").start()

for item in range(10):
    q.put(item)
q.join()
print("unfinished:", q.unfinished_tasks, "empty:", q.empty())
print(sorted(processed))
