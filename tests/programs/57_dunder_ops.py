class Vec:
    def __init__(self, *c):
        self.c = list(c)
    def __repr__(self):
        return "Vec(" + ", ".join(map(str, self.c)) + ")"
    def __add__(self, o):
        return Vec(*[a + b for a, b in zip(self.c, o.c)])
    def __sub__(self, o):
        return Vec(*[a - b for a, b in zip(self.c, o.c)])
    def __mul__(self, k):
        return Vec(*[a * k for a in self.c])
    def __rmul__(self, k):
        return self * k
    def __neg__(self):
        return self * -1
    def __eq__(self, o):
        return self.c == o.c
    def __hash__(self):
        return hash(tuple(self.c))
    def __getitem__(self, i):
        return self.c[i]
    def __setitem__(self, i, v):
        self.c[i] = v
    def __len__(self):
        return len(self.c)
    def __bool__(self):
        return any(self.c)
    def __contains__(self, v):
        return v in self.c
    def __call__(self, scale):
        return self * scale
    def __iadd__(self, o):
        self.c = [a + b for a, b in zip(self.c, o.c)]
        return self
v = Vec(1, 2, 3)
w = Vec(4, 5, 6)
print(v + w, w - v, v * 2, 3 * v, -v, v == Vec(1, 2, 3), v != w)
print(v[0], v[-1], len(v), bool(v), bool(Vec(0, 0)), 2 in v, v(10))
v[0] = 100
print(v)
v += w
print(v)
class Temp:
    def __init__(self, c):
        self.c = c
    def __lt__(self, o):
        return self.c < o.c
    def __le__(self, o):
        return self.c <= o.c
    def __repr__(self):
        return f"{self.c}C"
temps = [Temp(30), Temp(10), Temp(20)]
print(sorted(temps), max(temps), min(temps), Temp(1) < Temp(2), Temp(3) > Temp(2))
