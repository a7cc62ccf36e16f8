import threading
def boom(x):
    return 10 // x
t = threading.Thread(target=boom, args=(0,))
t.start()
t.join()
print("main continues after", t.name)
