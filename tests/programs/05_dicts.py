d = {"one": 1, "two": 2}
d["three"] = 3
print(d, len(d), d["two"], d.get("four"), d.get("four", 4))
print(list(d.keys()), list(d.values()), list(d.items()))
for k, v in d.items():
    print(k, "->", v)
print("one" in d, "four" in d)
del d["one"]
print(d)
print(d.pop("two"), d.pop("x", "default"), d)
d.update({"a": 1}, b=2)
print(d)
print(d.setdefault("a", 99), d.setdefault("z", 26), d)
e = dict(x=1, y=2)
f = dict([("p", 1), ("q", 2)])
print(e, f, dict(e), {**e, **f, "x": 0})
counts = {}
for ch in "mississippi":
    counts[ch] = counts.get(ch, 0) + 1
print(counts)
print({k: v * 2 for k, v in counts.items() if v > 1})
print(sorted(counts, key=counts.get, reverse=True))
nested = {"a": {"b": [1, 2]}}
print(nested["a"]["b"][1])
print(dict.fromkeys("ab", 0), {1: "int", 1.0: "float", True: "bool"})
d2 = d.copy()
d2.clear()
print(d2, d == d, {1: 2} == {1: 2})
print(d.popitem(), d)
try:
    d["missing"]
except KeyError as err:
    print("KeyError", err)
