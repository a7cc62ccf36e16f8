"""A countdown latch from a Condition: the main thread waits for N services to come up."""
import threading
import time


class CountDownLatch:
    def __init__(self, count):
        self.count = count
        self.cond = threading.Condition()

    def count_down(self):
        with self.cond:
            self.count -= 1
            if self.count <= 0:
                self.cond.notify_all()

    def wait(self):
        with self.cond:
            while self.count > 0:
                self.cond.wait()


services = {"db": 0.3, "cache": 0.1, "queue": 0.2}
latch = CountDownLatch(len(services))


def boot(name, seconds):
    time.sleep(seconds)
    print(f"{name} is up")
    latch.count_down()


for name, secs in services.items():
    threading.Thread(target=boot, args=(name, secs)).start()
latch.wait()
print("all services up, accepting requests")
