s = {1, 2, 3}
s.add(4)
s.add(2)
s.discard(10)
s.remove(1)
print(s, len(s), 3 in s)
a, b = {1, 2, 3, 4}, {3, 4, 5}
print(a | b, a & b, a - b, a ^ b)
print(a.union(b), a.intersection(b), a.difference(b), a.issubset({1, 2, 3, 4, 5}))
print(set(), set([3, 3, 1]), frozenset([2, 1]), {x % 3 for x in range(10)})
t = (1, 2, 3)
print(t, t[1], t[-1], t[:2], len(t), t.count(2), t.index(3))
print((1,), (), tuple([1, 2]), (1, 2) + (3,), (0,) * 3)
x, y, z = t
print(x, y, z)
first, *rest = [1, 2, 3, 4]
*init, last = "abcd"
print(first, rest, init, last)
(p, q), r = (1, 2), 3
print(p, q, r)
a, b = 1, 2
a, b = b, a
print(a, b)
print((1, 2) < (1, 3), (1, 2) == (1, 2), max([(1, "b"), (1, "a")]))
coords = {(0, 0): "origin", (1, 0): "east"}
print(coords[(1, 0)])
try:
    hash([1])
except TypeError as e:
    print(e)
print(sorted({5, 1, 3}), sorted(set("hello")))
