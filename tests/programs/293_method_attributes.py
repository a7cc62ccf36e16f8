# A bound method shows its function's attributes: __qualname__ in thread names and logs.
import functools, threading
class W:
    def run(self):
        "doc of run"
    class Inner:
        def go(self): pass
def deco(f):
    @functools.wraps(f)
    def wrapper(*a, **k):
        return f(*a, **k)
    wrapper.tag = "t"
    return wrapper
class V:
    @deco
    def work(self): pass
w = W()
print(w.run.__qualname__, w.run.__name__, w.run.__module__, w.run.__doc__, W.Inner().go.__qualname__)
print(V().work.__qualname__, V().work.tag, V().work.__wrapped__.__name__)
print([].append.__qualname__, "a".upper.__qualname__)
try:
    w.run.nothing
except AttributeError as e:
    print(e)
