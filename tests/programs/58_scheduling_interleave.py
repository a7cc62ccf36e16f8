# gilscope-test: sorted
import threading
def count(name, n):
    for i in range(n):
        print(f"{name} {i}")
a = threading.Thread(target=count, args=("A", 3))
b = threading.Thread(target=count, args=("B", 3))
a.start(); b.start()
a.join(); b.join()
print("done")
