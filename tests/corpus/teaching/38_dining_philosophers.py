"""Dining philosophers for a fixed time: the last one picks up forks in the other order."""
import threading
import time

N = 5
forks = [threading.Lock() for _ in range(N)]
meals = [0] * N
stop = threading.Event()


def philosopher(i):
    left, right = forks[i], forks[(i + 1) % N]
    if i == N - 1:
        left, right = right, left
    while not stop.is_set():
        with left:
            with right:
                meals[i] += 1
                time.sleep(0.01)
        time.sleep(0.01)


ps = [threading.Thread(target=philosopher, args=(i,), name=f"P{i}") for i in range(N)]
for p in ps:
    p.start()
time.sleep(1)
stop.set()
for p in ps:
    p.join()
print("everyone ate:", all(m > 0 for m in meals))
print("meals:", meals)
