"""Runners wait at a barrier so that they all start together."""
import threading
import time

runners = ["Ana", "Bia", "Caio"]
start_line = threading.Barrier(len(runners))
results = []
results_lock = threading.Lock()


def run(name, prep):
    time.sleep(prep)
    print(f"{name} is ready")
    start_line.wait()
    with results_lock:
        results.append(name)


threads = [threading.Thread(target=run, args=(n, 0.1 * (i + 1))) for i, n in enumerate(runners)]
for t in threads:
    t.start()
for t in threads:
    t.join()
print("all started:", sorted(results))
print("parties:", start_line.parties, "waiting:", start_line.n_waiting, "broken:", start_line.broken)
