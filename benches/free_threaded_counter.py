# 2 threads x 200,000 `counter += 1` on a global, for timing `--gil off` (docs/engine.md).
import threading

N = 200_000
counter = 0


def work():
    global counter
    for _ in range(N):
        counter += 1


threads = [threading.Thread(target=work) for _ in range(2)]
for t in threads:
    t.start()
for t in threads:
    t.join()
print(f"counter = {counter} (expected {2 * N})")
