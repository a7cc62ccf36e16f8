"""An Event works as a starting gun for several threads."""
import threading
import time

go = threading.Event()


def racer(name):
    print(f"{name} waiting")
    go.wait()
    print(f"{name} running")


threads = [threading.Thread(target=racer, args=(n,)) for n in ("red", "blue")]
for t in threads:
    t.start()
time.sleep(0.2)
print("is_set before:", go.is_set())
go.set()
for t in threads:
    t.join()
print("is_set after:", go.is_set())
go.clear()
print("wait with timeout:", go.wait(0.1))
