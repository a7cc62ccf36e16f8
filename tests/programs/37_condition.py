import threading
items = []
cond = threading.Condition()
def consumer(out):
    with cond:
        while not items:
            cond.wait()
        out.append(items.pop(0))
def producer():
    for i in range(3):
        with cond:
            items.append(i)
            cond.notify()
got = []
cs = [threading.Thread(target=consumer, args=(got,)) for _ in range(3)]
for c in cs:
    c.start()
p = threading.Thread(target=producer)
p.start()
p.join()
for c in cs:
    c.join()
print(sorted(got))
with cond:
    print(cond.wait(timeout=0.01))
    print(cond.wait_for(lambda: True))
