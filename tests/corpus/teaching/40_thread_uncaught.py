"""An exception in a thread is printed, but the program goes on."""
import threading
import time


def worker(values):
    total = 0
    for v in values:
        total += 10 / v
    print("total", total)


good = threading.Thread(target=worker, args=([1, 2, 5],))
bad = threading.Thread(target=worker, args=([1, 0, 5],))
good.start()
good.join()
bad.start()
bad.join()
time.sleep(0.1)
print("main continues; bad is alive:", bad.is_alive())
