"""weakref: a cache of live resources (WeakValueDictionary), a WeakSet, finalize at exit."""
import weakref, threading

class Resource:
    def __init__(self, name): self.name = name
    def __repr__(self): return f"Resource({self.name!r})"

r = Resource("db")
w = weakref.ref(r)
print(w() is r, w().name)
cache = weakref.WeakValueDictionary()
cache["db"] = r
tmp = Resource("tmp")
cache["tmp"] = tmp
print(sorted(cache.keys()), len(cache))
del tmp
print(sorted(cache.keys()), "tmp" in cache, cache.get("tmp", "gone"))
del r
print(w(), len(cache))
ws = weakref.WeakSet()
a, b = Resource("a"), Resource("b")
ws.add(a); ws.add(b)
print(len(ws), a in ws)
del a
print(len(ws), [x.name for x in ws])
def worker():
    local = Resource("thread")
    cache["t"] = local
    print("in thread", cache["t"])
t = threading.Thread(target=worker); t.start(); t.join()
print("after thread", "t" in cache)
f = weakref.finalize(b, print, "finalizing b")
print(f.alive)
try:
    weakref.ref([1])
except TypeError as e:
    print("TypeError:", e)
