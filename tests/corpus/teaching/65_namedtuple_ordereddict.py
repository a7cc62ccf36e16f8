"""namedtuple gives field names to tuples; OrderedDict can move keys around."""
from collections import OrderedDict, namedtuple

Point = namedtuple("Point", ["x", "y"])
p = Point(3, 4)
print(p, p.x, p[1], p._asdict())
q = p._replace(x=10)
print(q, Point._fields, Point._make([7, 8]))
x, y = p
print(x + y, p == (3, 4))

Task = namedtuple("Task", "name priority done", defaults=[False])
print(Task("write", 2))

lru = OrderedDict()
for key in ["a", "b", "c"]:
    lru[key] = key.upper()
lru.move_to_end("a")
print(list(lru))
print(lru.popitem(last=False), list(lru.keys()))
lru.move_to_end("c", last=False)
print(lru)
