"""Super Fast Python: workers compute, wait at a Barrier, and the main thread reads results."""
from threading import Barrier, Thread
from time import sleep

results = {}


def task(barrier, number):
    value = number * number
    sleep(0.02 * (5 - number))
    results[number] = value
    print(f"Thread {number} done, got: {value}")
    barrier.wait()


barrier = Barrier(5 + 1)
for i in range(5):
    Thread(target=task, args=(barrier, i)).start()
print("Main thread waiting on all results...")
barrier.wait()
print("All threads have their result:", dict(sorted(results.items())))
