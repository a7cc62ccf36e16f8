# gilscope-test: gilscope-only
# At most 1,000 threads alive at once besides the main thread: the next start() raises
# CPython's "can't start new thread" RuntimeError with gilscope's reason.
import threading
import time


def nap():
    time.sleep(1)


threads = [threading.Thread(target=nap) for _ in range(1000)]
for t in threads:
    t.start()
print("alive:", threading.active_count())
extra = threading.Thread(target=nap)
try:
    extra.start()
except RuntimeError as e:
    print("RuntimeError:", e)
for t in threads:
    t.join()
again = threading.Thread(target=nap)
again.start()
again.join()
print("after join, a new thread starts:", not again.is_alive())
