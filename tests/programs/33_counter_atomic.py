import threading
counter = 0
def work(n):
    global counter
    for _ in range(n):
        counter += 1
threads = [threading.Thread(target=work, args=(300000,)) for _ in range(4)]
for t in threads:
    t.start()
for t in threads:
    t.join()
print("counter:", counter)
