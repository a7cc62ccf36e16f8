"""count, cycle, repeat and islice: infinite iterators, taken a slice at a time."""
from itertools import chain, count, cycle, islice, repeat

print(list(islice(count(10, 5), 4)))
print(list(islice(cycle("RGB"), 7)))
print(list(repeat("ok", 3)))
print(list(islice(range(100), 10, 20, 3)))
print(list(chain([1, 2], (3,), "ab")))
print(list(chain.from_iterable([[1], [2, 3], []])))
workers = cycle(["w1", "w2", "w3"])
assignments = {job: next(workers) for job in ["a", "b", "c", "d", "e"]}
print(assignments)
print(list(map(pow, range(5), repeat(2))))
for i, c in zip(count(1), "xyz"):
    print(i, c)
