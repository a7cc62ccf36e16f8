"""functools.partial fixes arguments; reduce folds a sequence."""
import mathutils as helpers
from functools import partial, reduce


def power(base, exponent):
    return base ** exponent


square = partial(power, exponent=2)
cube = partial(power, exponent=3)
print([square(n) for n in range(5)], cube(3))
print(square.func.__name__, square.keywords, square.args)

log_error = partial(print, "[error]", sep=" | ")
log_error("disk full", "retrying")

print(reduce(lambda a, b: a * b, range(1, 6)))
print(reduce(lambda acc, w: acc + len(w), ["gil", "scope"], 0))
print(reduce(max, [3, 9, 2]))
try:
    reduce(lambda a, b: a + b, [])
except TypeError as e:
    print("TypeError:", e)
print(helpers.add(2, 3), helpers.__name__)
