"""Sleep sort: each number sleeps proportionally to its value, then reports."""
import threading
import time

numbers = [5, 1, 4, 2, 3]
out = []


def sleeper(n):
    time.sleep(n * 0.05)
    out.append(n)


threads = [threading.Thread(target=sleeper, args=(n,)) for n in numbers]
for t in threads:
    t.start()
for t in threads:
    t.join()
print(out)
