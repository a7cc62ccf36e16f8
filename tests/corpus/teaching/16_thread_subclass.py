"""Subclassing Thread: run() holds the work, attributes carry the result."""
import threading
import time


class Downloader(threading.Thread):
    def __init__(self, url, seconds):
        super().__init__(name=f"dl-{url}")
        self.url = url
        self.seconds = seconds
        self.size = None

    def run(self):
        print(f"{self.name}: downloading {self.url}")
        time.sleep(self.seconds)
        self.size = len(self.url) * 1000
        print(f"{self.name}: done")


jobs = [Downloader("python.org", 0.3), Downloader("example.com", 0.1)]
for j in jobs:
    j.start()
for j in jobs:
    j.join()
for j in jobs:
    print(j.url, j.size, j.is_alive())
