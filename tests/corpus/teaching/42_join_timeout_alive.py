"""join(timeout) returns after the timeout even if the thread still runs."""
import threading
import time


def long_task():
    time.sleep(0.6)


t = threading.Thread(target=long_task, name="long")
t.start()
t.join(timeout=0.2)
print("after 0.2 s alive:", t.is_alive())
t.join(0.2)
print("after 0.4 s alive:", t.is_alive())
t.join()
print("after join alive:", t.is_alive())
print(repr(t).startswith("<Thread(long, stopped"))
