"""current_thread, main_thread, enumerate and active_count while threads run."""
import threading
import time

ready = threading.Event()


def sleeper():
    me = threading.current_thread()
    print("in", me.name, "main?", me is threading.main_thread())
    ready.wait()


print(threading.current_thread().name, threading.active_count())
workers = [threading.Thread(target=sleeper, name=f"sleeper-{i}") for i in range(3)]
for w in workers:
    w.start()
time.sleep(0.1)
print("active:", threading.active_count())
print(sorted(t.name for t in threading.enumerate()))
ready.set()
for w in workers:
    w.join()
print("active after join:", threading.active_count())
print(threading.main_thread().name, threading.main_thread().is_alive())
