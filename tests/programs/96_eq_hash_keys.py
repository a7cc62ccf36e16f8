class P:
    def __init__(self, x, y):
        self.x, self.y = x, y
    def __eq__(self, o):
        return isinstance(o, P) and (self.x, self.y) == (o.x, o.y)
    def __hash__(self):
        return hash((self.x, self.y))
    def __repr__(self):
        return f"P({self.x}, {self.y})"
d = {P(1, 2): "a"}
d[P(1, 2)] = "b"
print(d, d[P(1, 2)], P(1, 2) in d, P(2, 1) in d, len({P(0, 0), P(0, 0), P(1, 1)}))
class NoHash:
    def __eq__(self, o):
        return True
try:
    {NoHash(): 1}
except TypeError as e:
    print("TypeError:", e)
class Plain:
    pass
a = Plain()
print({a: 1}[a], len({Plain(), Plain()}))
