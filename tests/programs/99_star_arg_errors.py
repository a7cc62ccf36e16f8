import threading
def f(x):
    print(x)
t = threading.Thread(target=f, args=(5))
t.start(); t.join()
try:
    f(*5)
except TypeError as e:
    print(e)
try:
    f(**[1])
except TypeError as e:
    print(e)
