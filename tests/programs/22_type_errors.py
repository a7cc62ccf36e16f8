noncallable = None
def f(a, b, c=3):
    return a + b + c
tests = [
    lambda: f(1),
    lambda: f(1, 2, 3, 4),
    lambda: f(1, 2, d=5),
    lambda: f(1, 2, a=1),
    lambda: len(5),
    lambda: "x" + 1,
    lambda: 1 + "x",
    lambda: [1] + (2,),
    lambda: noncallable(),
    lambda: {}[[1]],
    lambda: int("12a"),
    lambda: float("abc"),
    lambda: [1, 2].index(9),
    lambda: (1).foo,
    lambda: 3 < "a",
    lambda: -"x",
    lambda: iter(5),
    lambda: sorted([1, "a"]),
    lambda: "abc"[10],
    lambda: [].pop(),
    lambda: 1 // 0,
    lambda: 2.0 % 0,
]
for t in tests:
    try:
        t()
    except Exception as e:
        print(type(e).__name__ + ":", e)
