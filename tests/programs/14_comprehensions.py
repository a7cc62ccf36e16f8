print([x * 2 for x in range(5)])
print([x for x in range(20) if x % 3 == 0 if x % 2 == 0])
print([(x, y) for x in range(3) for y in range(x)])
print({x: x ** 2 for x in range(4)})
print({c.upper() for c in "hello" if c != "l"} == {"H", "E", "O"})
matrix = [[1, 2, 3], [4, 5, 6]]
print([[row[i] for row in matrix] for i in range(3)])
print([v for row in matrix for v in row if v % 2])
words = ["apple", "bob", "kayak", "test"]
print([w for w in words if w == w[::-1]])
print(dict(zip("abc", range(3))), list(zip(*matrix)))
print(sorted([(len(w), w) for w in words]))
n = 10
print([i for i in range(n) if all(i % d for d in range(2, i)) and i > 1])
print(list(filter(None, [0, 1, "", "a", None])), list(filter(lambda x: x > 2, range(5))))
print(list(map(lambda a, b: a + b, [1, 2], [10, 20])), any(x > 3 for x in range(5)))
print([i * j for i, j in enumerate(range(10, 14))])
x = "outer"
print([x for x in "ab"], x)
print([[0] * 3 for _ in range(2)])
