def gen():
    try:
        yield 1
        yield 2
    finally:
        print("cleanup")
for x in gen():
    print("got", x)
    break
print("after")
g = gen()
print(next(g))
g.close()
print("closed")
def catcher():
    while True:
        try:
            yield "ready"
        except ValueError as e:
            print("caught", e)
c = catcher()
next(c)
print(c.throw(ValueError("boom")))
def stubborn():
    try:
        yield 1
    except GeneratorExit:
        yield 2
s = stubborn()
next(s)
try:
    s.close()
except RuntimeError as e:
    print("RuntimeError:", e)
