"""str.format and format specs: alignment, fill, sign, grouping, types."""
row = "{:<10}|{:^10}|{:>10}"
print(row.format("left", "centre", "right"))
print("{:*^20}".format(" menu "))
print("{0} {1} {0}".format("a", "b"), "{name}-{id:04d}".format(name="job", id=7))
print("{:,} {:_} {:,.2f}".format(1234567, 1234567, 9876.543))
print("{:+} {: } {:+.1f} {:-}".format(5, 5, -2.25, 3))
print("{:b} {:o} {:x} {:#X} {:#b}".format(10, 10, 255, 255, 5))
print("{:.3e} {:.2%} {:g} {:.3g}".format(123456.789, 0.4567, 0.0000123, 3.14159))
print("{:08.3f} {:>8} {:<8}|".format(3.14159, "r", "l"))
print("{!r} {!s} {!a}".format("hi", "hi", "olá"))
point = {"x": 1, "y": 2}
print("({x}, {y})".format(**point), "{0[x]} {1.real}".format(point, 3))
print(format(0.5, ".0%"), format(1e6, ","), format("abc", ">6"), format(42, "c"))
width, prec = 10, 3
print(f"{3.14159:{width}.{prec}f}|{'x':>{width}}|")
print("{{literal}} {}".format("braces"))
