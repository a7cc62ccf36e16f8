"""Threads get their work through args and kwargs."""
import threading
import time


def greet(name, times=1, delay=0.1):
    for i in range(times):
        time.sleep(delay)
        print(f"hello {name} ({i + 1}/{times})")


t1 = threading.Thread(target=greet, args=("Ana",), kwargs={"times": 2, "delay": 0.15})
t2 = threading.Thread(target=greet, args=("Bruno",), kwargs={"times": 3})
t1.start()
t2.start()
t1.join()
t2.join()
print("both greeted")
