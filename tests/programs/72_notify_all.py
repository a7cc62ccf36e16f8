import threading
import time
cond = threading.Condition()
go = False
woken = []
def waiter(i):
    with cond:
        while not go:
            cond.wait()
        woken.append(i)
ts = [threading.Thread(target=waiter, args=(i,)) for i in range(4)]
for t in ts:
    t.start()
time.sleep(0.1)
with cond:
    go = True
    cond.notify_all()
for t in ts:
    t.join()
print(sorted(woken))
