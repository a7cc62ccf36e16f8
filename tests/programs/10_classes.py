class Point:
    dims = 2
    def __init__(self, x, y):
        self.x = x
        self.y = y
    def __repr__(self):
        return f"Point({self.x}, {self.y})"
    def __str__(self):
        return f"({self.x}, {self.y})"
    def __eq__(self, other):
        return isinstance(other, Point) and (self.x, self.y) == (other.x, other.y)
    def __lt__(self, other):
        return (self.x, self.y) < (other.x, other.y)
    def __add__(self, other):
        return Point(self.x + other.x, self.y + other.y)
    def __len__(self):
        return 2
    def norm2(self):
        return self.x ** 2 + self.y ** 2
p = Point(1, 2)
q = Point(3, 4)
print(p, repr(p), [p, q], p + q, p == Point(1, 2), p != q, p < q, len(p))
print(sorted([q, p]), p.norm2(), Point.dims, p.dims)
print(str(p), f"{p}", f"{p!r}")
class Account:
    interest = 0.02
    def __init__(self, owner, balance=0):
        self.owner = owner
        self._balance = balance
    @property
    def balance(self):
        return self._balance
    @balance.setter
    def balance(self, v):
        if v < 0:
            raise ValueError("negative")
        self._balance = v
    @classmethod
    def empty(cls, owner):
        return cls(owner)
    @staticmethod
    def describe():
        return "an account"
a = Account("ana", 100)
a.balance = 150
print(a.balance, Account.empty("bo").balance, Account.describe(), a.describe())
try:
    a.balance = -1
except ValueError as e:
    print("error:", e)
print(type(a).__name__, isinstance(a, Account), hasattr(a, "owner"), getattr(a, "nope", "dflt"))
setattr(a, "owner", "cy")
print(a.owner, vars(Point(5, 6)))
class Empty:
    pass
e = Empty()
e.attr = 1
print(e.attr, type(e) is Empty)
try:
    e.missing
except AttributeError as err:
    print(err)
class Counter:
    instances = 0
    def __init__(self):
        Counter.instances += 1
for _ in range(3):
    Counter()
print(Counter.instances)
