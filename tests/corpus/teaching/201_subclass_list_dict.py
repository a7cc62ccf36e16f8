"""Classes that extend list and dict: a stack, a counting dict, a logging dict, a typed list."""


class Stack(list):
    def push(self, x):
        self.append(x)

    def peek(self):
        return self[-1]


s = Stack([1, 2])
s.push(3)
print(s, len(s), s.peek(), isinstance(s, list), type(s).__name__)
s.extend([4, 5])
print(s[1:3], 3 in s, list(reversed(s)), s == [1, 2, 3, 4, 5], s.pop())


class Tally(dict):
    def __missing__(self, k):
        return 0

    def add(self, k):
        self[k] = self[k] + 1


c = Tally()
for w in "a b a c a".split():
    c.add(w)
print(c, sorted(c.items()), c["z"], len(c), "a" in c)


class LoggingDict(dict):
    def __setitem__(self, k, v):
        print("set", k, v)
        super().__setitem__(k, v)

    def __getitem__(self, k):
        v = super().__getitem__(k)
        print("get", k)
        return v


d = LoggingDict(a=1)
d["b"] = 2
print(d["b"], d, dict(d), {**d}, list(d.keys()))


class TypedList(list):
    def __init__(self, kind, items=()):
        super().__init__(items)
        self.kind = kind

    def append(self, x):
        if not isinstance(x, self.kind):
            raise TypeError(f"need {self.kind.__name__}, got {type(x).__name__}")
        super().append(x)


tl = TypedList(int, [3, 1])
tl.append(2)
try:
    tl.append("x")
except TypeError as e:
    print("error:", e)
print(tl, tl.kind.__name__, sorted(tl, reverse=True), sum(tl), tl + [9])
