name = "Ana"
age = 31
pi = 3.14159265
print(f"{name} has {age} years")
print(f"{name!r} {name:>6} {name:<6}| {name:^7}|")
print(f"{pi:.2f} {pi:8.3f} {pi:e} {pi:.3e} {pi:g} {1234567.0:g}")
print(f"{age:05d} {age:x} {age:#x} {age:o} {age:b} {age:,} {1234567:_}")
print(f"{0.256:.1%} {-3:+d} {3:+d} {-pi:.1f}")
print(f"{age=} {pi=:.2f}")
print(f"{'nested ' + name.upper()}")
w = 10
print(f"[{name:>{w}}]")
print(f"{{literal}} {age * 2}")
items = [1, 2, 3]
print(f"{items} {items[0]} {len(items)}")
d = {"k": "v"}
print(f"{d['k']}")
print(f"{3.0} {2.5e-10} {1e100} {float('inf')} {-0.0}")
print(f"{True} {None} {12345678901234567890}")
print(f"{'x':*^9}")
