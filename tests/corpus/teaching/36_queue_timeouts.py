"""put and get with timeouts raise Full and Empty."""
import queue
import time

q = queue.Queue(maxsize=1)
q.put("x")
print("full:", q.full())
try:
    q.put("y", timeout=0.1)
except queue.Full:
    print("Full after waiting")
try:
    q.put_nowait("z")
except queue.Full:
    print("Full at once")
print(q.get())
start = time.monotonic()
try:
    q.get(timeout=0.25)
except queue.Empty:
    print(f"Empty after {time.monotonic() - start:.1f} s")
print(q.get(block=False) if not q.empty() else "nothing left")
