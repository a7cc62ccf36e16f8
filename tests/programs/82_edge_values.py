a = []
a.append(a)
print(a)
d = {}
d["self"] = d
print(d)
class Bad:
    def __repr__(self):
        raise ValueError("bad repr")
try:
    print([Bad()])
except ValueError as e:
    print("repr failed:", e)
def g():
    yield next(gen)
gen = g()
try:
    next(gen)
except ValueError as e:
    print("ValueError:", e)
print(10 ** 50 // 7, -(10 ** 30) % 7, (10 ** 40) >> 100)
x = 1
for i in range(200):
    x = [x]
print(str(x)[:10])
print("ab" * 0, [] * 5, "x" * -1)
try:
    [].index(1)
except ValueError as e:
    print(e)
try:
    del undefined_thing
except NameError as e:
    print(e)
class Weird:
    def __eq__(self, other):
        raise RuntimeError("eq boom")
try:
    [Weird()].index(1)
except RuntimeError as e:
    print(e)
print(int("0"), int("-0"), float("-0"), 0 * -1.0)
print(1e308 * 10, -1e308 * 10, (1e308 * 10) - (1e308 * 10))
print(2 ** 0.5 ** 2, -2 ** 2, (-2) ** 2, 2 ** -2)
print(bool(float("nan")), 0.0 == -0.0)
print(round(1e300), round(-2.5), int(1e20))
