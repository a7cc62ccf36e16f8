import threading
import time


def wait(name):
    print(f"{name}: start")
    time.sleep(1)
    print(f"{name}: done")


start = time.perf_counter()
threads = [threading.Thread(target=wait, args=(f"t{i}",)) for i in range(4)]
for t in threads:
    t.start()
for t in threads:
    t.join()
print(f"took {time.perf_counter() - start:.1f} s")
