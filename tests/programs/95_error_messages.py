nothing = None
class A:
    def m(self, x):
        return x
    @classmethod
    def c(cls, y):
        return y
    @staticmethod
    def s(z):
        return z
tests = [
    lambda: A().m(1, 2),
    lambda: A().m(),
    lambda: A.c(),
    lambda: A.s(1, 2),
    lambda: A(1),
    lambda: A().nope(),
    lambda: A.m(1),
    lambda: (lambda a, *, b: 0)(1, 2),
    lambda: (lambda a, *, b: 0)(1),
    lambda: (lambda **kw: kw)(1),
    lambda: print(sep=1),
    lambda: len(),
    lambda: len(1, 2),
    lambda: isinstance(1),
    lambda: "x".join([1]),
    lambda: sum(["a"]),
    lambda: max(),
    lambda: min([]),
    lambda: int([]),
    lambda: list(1),
    lambda: dict(1),
    lambda: range("a"),
    lambda: [].insert(),
    lambda: {}.get(),
    lambda: "abc".split(1),
    lambda: 1 < None,
    lambda: [1][nothing],
    lambda: {}.pop("k"),
    lambda: set().remove(1),
    lambda: tuple()[0],
    lambda: "a".index("b"),
    lambda: next(iter([])),
    lambda: object().x,
    lambda: A.zz,
]
for i, t in enumerate(tests):
    try:
        t()
        print(i, "no error")
    except Exception as e:
        print(i, type(e).__name__ + ":", e)
