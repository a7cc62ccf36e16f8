import threading
a = threading.Lock()
b = threading.Lock()
done = []
def first():
    with a:
        with b:
            done.append("first")
def second():
    with a:
        with b:
            done.append("second")
t1 = threading.Thread(target=first)
t2 = threading.Thread(target=second)
t1.start(); t2.start()
t1.join(); t2.join()
print(sorted(done))
