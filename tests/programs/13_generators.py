def countdown(n):
    while n > 0:
        yield n
        n -= 1
print(list(countdown(5)))
def fib():
    a, b = 0, 1
    while True:
        yield a
        a, b = b, a + b
g = fib()
print([next(g) for _ in range(10)])
def chain(*its):
    for it in its:
        yield from it
print(list(chain([1, 2], "ab", range(3))))
squares = (x * x for x in range(6))
print(next(squares), next(squares), list(squares), list(squares))
print(sum(x for x in range(100) if x % 3 == 0), max(len(w) for w in ["a", "abc", "ab"]))
def echo():
    received = yield "ready"
    while True:
        received = yield f"got {received}"
e = echo()
print(next(e), e.send(1), e.send("two"))
it = iter([1, 2, 3])
print(next(it), next(it), next(it), next(it, "done"))
try:
    next(it)
except StopIteration:
    print("exhausted")
def gen_with_return():
    yield 1
    return "value"
print(list(gen_with_return()))
def pairs(items):
    for i, a in enumerate(items):
        for b in items[i + 1:]:
            yield a, b
print(list(pairs("abc")))
class Countdown:
    def __init__(self, n):
        self.n = n
    def __iter__(self):
        return self
    def __next__(self):
        if self.n <= 0:
            raise StopIteration
        self.n -= 1
        return self.n + 1
print(list(Countdown(3)), [x for x in Countdown(2)])
class Bag:
    def __init__(self):
        self.items = ["x", "y"]
    def __iter__(self):
        return iter(self.items)
    def __contains__(self, v):
        return v in self.items
    def __len__(self):
        return len(self.items)
b = Bag()
print(list(b), "x" in b, "z" in b, len(b), bool(b))
