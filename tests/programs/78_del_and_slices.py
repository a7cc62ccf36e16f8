lst = list(range(10))
del lst[0]
del lst[2:4]
del lst[::2]
print(lst)
lst[1:2] = ["a", "b", "c"]
print(lst)
lst[::2] = [0] * len(lst[::2])
print(lst)
d = {"a": 1, "b": 2}
del d["a"]
print(d)
x = 5
del x
try:
    print(x)
except NameError as e:
    print("NameError:", e)
class Obj:
    pass
o = Obj()
o.attr = 1
del o.attr
print(hasattr(o, "attr"))
s = "abcdefgh"
print(s[1:-1], s[-3:], s[:100], s[5:2], s[::-2], s[-100:2])
t = tuple(range(6))
print(t[1::2], t[::-1][:2])
