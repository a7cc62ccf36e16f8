import threading
counter = 0
lock = threading.Lock()
def work(n):
    global counter
    for _ in range(n):
        with lock:
            tmp = counter
            tmp = tmp + 1
            counter = tmp
threads = [threading.Thread(target=work, args=(50000,)) for _ in range(4)]
for t in threads:
    t.start()
for t in threads:
    t.join()
print("counter:", counter)
