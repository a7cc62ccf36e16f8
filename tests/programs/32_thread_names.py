import threading
def f():
    pass
def g():
    pass
a = threading.Thread(target=f)
b = threading.Thread(target=g, name="custom")
c = threading.Thread()
d = threading.Thread(target=lambda: None)
print(a.name, b.name, c.name, d.name)
print(a.daemon, threading.Thread(target=f, daemon=True).daemon)
a.start(); a.join()
print(repr(b).startswith("<Thread(custom, initial)"))
b.name = "renamed"
print(b.name)
try:
    a.start()
except RuntimeError as e:
    print("RuntimeError:", e)
try:
    c.join()
except RuntimeError as e:
    print("RuntimeError:", e)
print(a.ident is not None, c.ident)
