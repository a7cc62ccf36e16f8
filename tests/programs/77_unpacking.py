pairs = [(1, "one"), (2, "two")]
for num, name in pairs:
    print(num, name)
for i, (num, name) in enumerate(pairs):
    print(i, num, name)
a, (b, c), d = 1, (2, 3), 4
print(a, b, c, d)
first, *middle, last = range(6)
print(first, middle, last)
head, *tail = "x"
print(head, tail)
x = y = z = 0
print(x, y, z)
def f():
    return 1, 2, 3
one, two, three = f()
print(one + two + three)
print(*[1, 2], *"ab", sep="|")
combined = [*range(3), *[9, 8]]
merged = {**{"a": 1}, **{"b": 2}}
print(combined, merged, (*combined,))
try:
    p, q = [1, 2, 3]
except ValueError as e:
    print("ValueError:", e)
try:
    p, q, r = [1, 2]
except ValueError as e:
    print("ValueError:", e)
m = [[1, 2], [3, 4]]
(a1, a2), (b1, b2) = m
print(a1, a2, b1, b2)
