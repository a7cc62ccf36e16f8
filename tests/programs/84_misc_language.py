class Stack:
    def __init__(self):
        self._items = []
    def push(self, x):
        self._items.append(x)
    def pop(self):
        if not self._items:
            raise IndexError("pop from empty stack")
        return self._items.pop()
    def __len__(self):
        return len(self._items)
    def __repr__(self):
        return f"Stack({self._items})"
s = Stack()
for i in range(3): s.push(i)
print(s, len(s), s.pop())
try:
    Stack().pop()
except IndexError as e:
    print(e)
print(str(s) == repr(s))
d = {}
d.setdefault("a", []).append(1)
print(d)
print(sorted(d.items()))
import math
print(f"{math.pi:.4f}", f"{2**0.5:10.4f}|", f"{1e-9:.2e}")
x = [1, 2, 3]
y = x
y.append(4)
print(x is y, x == [1,2,3,4], x is not None)
print(type(x).__name__, type(type(x)).__name__)
def gen():
    try:
        yield 1
        yield 2
    finally:
        print("gen cleanup")
for v in gen():
    print(v)
print(list(map(lambda p: p[0] * p[1], zip([1,2], [3,4]))))
print(isinstance(KeyError(), LookupError), issubclass(bool, int))
try:
    raise TypeError
except TypeError as e:
    print(repr(e), str(e) == "")
class E(Exception): pass
try:
    raise E("a", "b")
except E as e:
    print(e, e.args)
print(divmod(-7, 2), -7 // 2, int(-3.5), round(-3.5), round(4.5))
print("a,b;c".replace(";", ",").split(","))
print(" ".join(f"{n:02d}" for n in range(5)))
print(list(range(0)), list(range(-3)), list(range(3, 0)))
print([i for i in range(3)] == list(range(3)))
print(min([]) if False else "ok")
nums = [1, 2, 3, 4, 5, 6]
print(nums[1::2], nums[-2::-2], nums[len(nums):], nums[:-len(nums)])
print("%d%%" % 50, "%x" % 255, "%5.1f|" % 3.14159, "%-5d|" % 3, "%s" % [1, 2])
print(str.upper("x"), "abc".upper.__name__ if hasattr("abc".upper, "__name__") else "")
