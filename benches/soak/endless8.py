import threading

def spin(i):
    n = 0
    while True:
        n += 1
        if n % 100000 == 0:
            print(f"thread {i} at {n}")

for i in range(8):
    threading.Thread(target=spin, args=(i,), daemon=True).start()
threading.Event().wait()
