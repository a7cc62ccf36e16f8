# gilscope-test: gilscope-only
# Runaway allocations end in MemoryError (gilscope's 1 GiB heap budget), not in the
# machine swapping; the program can catch it and go on, as in CPython.
import itertools


def grow():
    items = []
    while True:
        items.append("abc" * 100_000)


for name, make in [
    ("repeat", lambda: [0] * 10**10),
    ("string", lambda: "x" * 10**11),
    ("tuple", lambda: (1, 2) * 10**10),
    ("power", lambda: 7 ** (4 * 10**9)),
    ("endless iterator", lambda: list("x" * 10**6 for _ in itertools.count())),
    ("growing list", grow),
]:
    try:
        make()
    except MemoryError:
        print(name, "-> MemoryError")
print("still running")
x = [0] * 10**10
