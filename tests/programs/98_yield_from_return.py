def inner():
    yield 1
    yield 2
    return "inner result"
def outer():
    r = yield from inner()
    print("got", r)
    yield 3
print(list(outer()))
g = inner()
next(g); next(g)
try:
    next(g)
except StopIteration as e:
    print("StopIteration value:", e.value if hasattr(e, "value") else e.args)
