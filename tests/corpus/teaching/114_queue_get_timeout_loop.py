"""A consumer polls a queue with get(timeout=...) and stops when a stop Event is set."""
import queue
import threading
import time

tasks = queue.Queue()
stop = threading.Event()
handled = []


def consumer():
    idle = 0
    while not stop.is_set():
        try:
            task = tasks.get(timeout=0.1)
        except queue.Empty:
            idle += 1
            continue
        handled.append(task.upper())
        tasks.task_done()
    print(f"consumer stopping, idle polls > 0: {idle > 0}")


t = threading.Thread(target=consumer, name="consumer")
t.start()
for word in ["alpha", "beta", "gamma"]:
    tasks.put(word)
    time.sleep(0.25)
tasks.join()
stop.set()
t.join()
print(handled, tasks.qsize(), t.is_alive())
