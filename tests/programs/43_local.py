import threading
data = threading.local()
data.value = "main"
seen = {}
def worker(name):
    data.value = name
    seen[name] = data.value
ts = [threading.Thread(target=worker, args=(n,)) for n in ("a", "b")]
for t in ts:
    t.start()
for t in ts:
    t.join()
print(data.value, sorted(seen.items()))
def missing():
    try:
        data.value
    except AttributeError:
        print("no value in new thread")
t = threading.Thread(target=missing)
t.start()
t.join()
