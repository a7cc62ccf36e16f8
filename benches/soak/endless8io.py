# Eight threads that never end: each prints a line and sleeps 10 ms, forever.
# The soak run: gilscope run --max-time 3600 benches/soak/endless8io.py > /dev/null
import threading
import time


def worker(i):
    n = 0
    while True:
        n += 1
        print(f"worker {i}: tick {n}")
        time.sleep(0.01)


for i in range(8):
    threading.Thread(target=worker, args=(i,), daemon=True).start()
while True:
    time.sleep(1)
