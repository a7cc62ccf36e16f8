"""A worker loops until the main thread sets a stop event."""
import threading
import time

stop = threading.Event()
count = 0


def poller():
    global count
    while not stop.wait(0.1):
        count += 1
        print("poll", count)
    print("poller stopping")


t = threading.Thread(target=poller)
t.start()
time.sleep(0.45)
stop.set()
t.join()
print("polled", count, "times")
