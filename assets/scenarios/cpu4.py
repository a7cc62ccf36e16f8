import threading


def count(n):
    while n > 0:
        n -= 1


threads = [threading.Thread(target=count, args=(1_000_000,)) for _ in range(4)]
for t in threads:
    t.start()
for t in threads:
    t.join()
print("done")
