# Edges of integer arithmetic that generated programs found (tests/fuzz.rs): messages,
# signs, correct rounding of big true divisions, huge shifts.
cases = [
    ("0 % 0", lambda: 0 % 0),
    ("0 // 0", lambda: 0 // 0),
    ("divmod(1, 0)", lambda: divmod(1, 0)),
    ("divmod(1.0, 0)", lambda: divmod(1.0, 0)),
    ("1.0 % 0", lambda: 1.0 % 0),
    ("1.0 // 0", lambda: 1.0 // 0),
    ("10**400 / 3", lambda: 10**400 / 3),
    ("10**400 / 3.0", lambda: 10**400 / 3.0),
    ("10**400 + 1.0", lambda: 10**400 + 1.0),
    ("1 << 10**20", lambda: 1 << 10**20),
]
for text, f in cases:
    try:
        print(text, "=", f())
    except (ZeroDivisionError, OverflowError) as e:
        print(text, "->", type(e).__name__, e)
print(0 / -10**20, -0 / 5, 0 / -5)
print((3 | 10**40) / 3, (2**60 + 1) / 3, (10**30) / (7**20), -(10**25) / 7)
print(1 / 10**400, -1 / 10**400, (2**53 + 1) / 1)
print(0 << 10**20, 5 >> 10**20, -5 >> 10**20, 1 << 100, -3 << 70)
