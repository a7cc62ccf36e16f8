"""A threading.local subclass: each thread runs __init__ the first time it uses the object."""
import threading


class Context(threading.local):
    def __init__(self, user):
        self.user = user
        self.calls = 0
        print("init for", threading.current_thread().name)


ctx = Context("admin")


def handle(name):
    ctx.user = name
    ctx.calls += 1
    print(threading.current_thread().name, "user", ctx.user, "calls", ctx.calls)


ctx.calls = 5
for n in ("ana", "bob"):
    t = threading.Thread(target=handle, args=(n,), name="T-" + n)
    t.start()
    t.join()
print("main", ctx.user, ctx.calls, sorted(ctx.__dict__))

plain = threading.local()
plain.x = 1


def probe():
    print("worker has x:", hasattr(plain, "x"))


t = threading.Thread(target=probe)
t.start()
t.join()
print("main has x:", plain.x)
