"""Old-style % formatting: widths, precision, flags, dicts."""
name, score, ratio = "Ana", 42, 0.8571
print("%s scored %d points" % (name, score))
print("[%10s] [%-10s] [%5d] [%-5d] [%05d]" % (name, name, score, score, score))
print("%.2f %8.3f %-8.1f| %+d %+.1e" % (ratio, ratio, ratio, score, 12345.678))
print("%x %X %o %#x %#o %c %r %%" % (255, 255, 8, 255, 8, 65, name))
print("%(user)s has %(n)03d new messages" % {"user": "rui", "n": 7})
print("%*d|%-*s|" % (6, 42, 4, "ab"))
print("%s" % [1, 2], "%s" % (None,), "%5.1f%%" % 99.5)
print("%i %u %g %G %g" % (3, 4, 0.00001234, 1e20, 100.0))
try:
    print("%d" % "x")
except TypeError as e:
    print("TypeError:", e)
