def f():
    for i in range(3):
        try:
            if i == 1:
                return f"returned at {i}"
        finally:
            print("finally", i)
print(f())
def g():
    while True:
        try:
            break
        finally:
            print("break finally")
    return "after"
print(g())
def h():
    try:
        try:
            1 / 0
        finally:
            print("inner finally")
    except ZeroDivisionError:
        print("outer caught")
        return "h done"
print(h())
def k():
    try:
        raise ValueError("v")
    except ValueError:
        try:
            raise KeyError("k")
        except KeyError:
            pass
        raise
try:
    k()
except ValueError as e:
    print("reraised", e)
def make_class(base):
    factor = 3
    class Inner(base):
        def scaled(self, x):
            return x * factor
        def __repr__(self):
            return f"Inner<{base.__name__}>"
    return Inner
C = make_class(object)
print(C().scaled(5), C())
class Outer:
    class Nested:
        value = 7
    def get(self):
        return self.Nested.value
print(Outer().get(), Outer.Nested.value, Outer.Nested.__qualname__)
def deco(fn):
    def wrapper(*a, **kw):
        print("calling", fn.__name__)
        return fn(*a, **kw)
    return wrapper
@deco
def add(a, b):
    return a + b
print(add(2, 3))
def repeat(n):
    def d(fn):
        def w(*a):
            return [fn(*a) for _ in range(n)]
        return w
    return d
@repeat(3)
def hi(x):
    return x.upper()
print(hi("a"))
class Base:
    def __init__(self, **kw):
        for k, v in kw.items():
            setattr(self, k, v)
b = Base(x=1, y="two")
print(b.x, b.y, sorted(vars(b)))
x = 10
def scope_test():
    print(x)
scope_test()
try:
    for i in range(3):
        if i == 2:
            raise StopIteration("manual")
except StopIteration as e:
    print("si", e)
print(*(i for i in range(3)))
a = b = []
a.append(1)
print(a, b)
print(sum([[1], [2]], []))
print(sorted(["b", "a"], reverse=True), "".join(sorted("cba")))
try:
    int("abc")
except (TypeError, ValueError) as e:
    print(type(e).__name__, e)
print([x if x % 2 else -x for x in range(5)])
print({1, 2} | {3}, {1, 2} & {2}, {1, 2} - {2}, {1} ^ {2})
