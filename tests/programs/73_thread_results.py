import threading
results = {}
def square(n):
    results[n] = n * n
threads = []
for n in range(8):
    t = threading.Thread(target=square, args=(n,))
    threads.append(t)
    t.start()
for t in threads:
    t.join()
print(dict(sorted(results.items())))
print(sum(results.values()))
