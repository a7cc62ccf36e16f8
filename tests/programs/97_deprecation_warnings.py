import threading
t = threading.Thread(target=print)
t.setDaemon(True)
print(t.isDaemon(), t.getName())
t.setName("x")
print(threading.currentThread().name, threading.activeCount())
e = threading.Event()
print(e.isSet())
c = threading.Condition()
with c:
    c.notifyAll()
for i in range(2):
    t.getName()
