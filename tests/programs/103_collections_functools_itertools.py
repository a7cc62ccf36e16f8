from collections import deque, defaultdict, Counter, namedtuple, OrderedDict
import functools, itertools
d = deque([1, 2, 3], maxlen=4)
d.append(4); d.append(5); d.appendleft(0)
print(d, len(d), d.popleft(), d.pop(), d, d[0], 3 in d)
d.rotate(1)
print(d, list(d), deque())
dd = defaultdict(list)
dd["a"].append(1); dd["b"].append(2); dd["a"].append(3)
print(dd, dd["a"], len(dd), sorted(dd.items()), "c" in dd)
counts = defaultdict(int)
for w in "a b a c a b".split():
    counts[w] += 1
print(counts)
c = Counter("abracadabra")
print(c, c.most_common(2), c["z"], sum(c.values()))
c.update("aaz")
print(c["a"], c["z"])
Point = namedtuple("Point", ["x", "y"])
p = Point(1, y=2)
print(p, p.x, p[1], p._asdict(), p == Point(1, 2), tuple(p))
x, y = p
print(x + y, p._replace(x=10))
try:
    p.x = 5
except AttributeError as e:
    print("AttributeError:", e)
od = OrderedDict([("b", 1), ("a", 2)])
od["c"] = 3
od.move_to_end("b")
print(od, list(od))
print(functools.reduce(lambda a, b: a * b, range(1, 6)), functools.reduce(max, [3, 9, 2], 0))
add3 = functools.partial(lambda a, b, c: a + b + c, 1, 2)
print(add3(3))
@functools.lru_cache(maxsize=None)
def fib(n):
    return n if n < 2 else fib(n - 1) + fib(n - 2)
print(fib(60))
def deco(f):
    @functools.wraps(f)
    def w(*a):
        return f(*a)
    return w
@deco
def hello():
    "doc"
    return "hi"
print(hello(), hello.__name__)
print(list(itertools.islice(itertools.count(5, 2), 4)), list(itertools.chain([1], "ab")))
print(list(itertools.product("ab", repeat=2)), list(itertools.permutations([1, 2, 3], 2)))
print(list(itertools.combinations("abcd", 2)), list(itertools.accumulate([1, 2, 3, 4])))
print([(k, list(g)) for k, g in itertools.groupby("aabbbc")])
print(list(itertools.zip_longest("ab", "xyz", fillvalue="-")), list(itertools.repeat(7, 3)))
print(list(itertools.takewhile(lambda v: v < 3, [1, 2, 5, 1])), list(itertools.pairwise("abc")))
@functools.total_ordering
class V:
    def __init__(self, v): self.v = v
    def __eq__(self, o): return self.v == o.v
    def __lt__(self, o): return self.v < o.v
print(V(1) <= V(2), V(3) >= V(2), V(1) > V(2))
