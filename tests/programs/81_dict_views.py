d = {"a": 1, "b": 2}
k = d.keys()
print(k, d.values(), d.items(), len(k), "a" in k, "z" in k, ("a", 1) in d.items())
d["c"] = 3
print(k, list(k), sorted(d.values()), [x for x in d.items()])
print(type(k).__name__, bool({}.keys()))
for key in d.keys():
    print(key, end=" ")
print()
