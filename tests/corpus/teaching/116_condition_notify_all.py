"""Workers wait on a Condition until the main thread announces the start with notify_all."""
# notify_all wakes all three; which one runs first is up to the OS:
# teaching: level unordered
import threading
import time

cond = threading.Condition()
ready = False
arrived = []


def runner(name):
    with cond:
        arrived.append(name)
        while not ready:
            cond.wait()
    print(f"{name} runs")


threads = [threading.Thread(target=runner, args=(f"r{i}",)) for i in range(3)]
for t in threads:
    t.start()
time.sleep(0.1)
with cond:
    print("waiting:", sorted(arrived))
    ready = True
    cond.notify_all()
for t in threads:
    t.join()
print("all ran")
