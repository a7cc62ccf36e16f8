# A thread pool that stamps its log lines with datetime.now(): the stamps themselves
# differ from run to run, so the program prints what they say relative to the start.
import threading
import time
from datetime import datetime, timedelta

start = datetime.now()
log = []
lock = threading.Lock()


def worker(n):
    time.sleep(0.1 * n)
    stamp = datetime.now()
    with lock:
        log.append((stamp, f"worker {n} done"))


threads = [threading.Thread(target=worker, args=(n,)) for n in range(1, 5)]
for t in threads:
    t.start()
for t in threads:
    t.join()

for stamp, msg in sorted(log):
    offset = stamp - start
    print(f"+{offset.total_seconds():.1f}s {msg}", type(offset).__name__)
elapsed = datetime.now() - start
print("all done within half a second:", elapsed < timedelta(seconds=0.5))
print("stamp looks like HH:MM:SS:", len(start.strftime("%H:%M:%S")) == 8,
      start.strftime("%H:%M:%S").count(":") == 2)
print("today:", datetime.today().date() == datetime.now().date(),
      type(datetime.utcnow()).__name__, start.year >= 2024)
print("fromtimestamp matches time.time():",
      abs(datetime.fromtimestamp(time.time()) - datetime.now()) < timedelta(seconds=1))
