# CPython 3.11 refuses decimal conversions of ints longer than 4,300 digits (found by the
# generated programs of tests/fuzz.rs).
import sys

big = 10**5000
for text, f in [
    ("str", lambda: str(big)),
    ("repr", lambda: repr(-big)),
    ("f-string", lambda: f"{big}"),
    ("format d", lambda: format(big, "d")),
    ("int()", lambda: int("7" * 4301)),
]:
    try:
        f()
    except ValueError as e:
        print(text, "->", e)
print(len(hex(big)), len(f"{big:x}"), len(str(10**4299)), int("9" * 4300) % 97)
print(sys.get_int_max_str_digits())
sys.set_int_max_str_digits(6000)
print(len(str(big)))
sys.set_int_max_str_digits(0)
print(len(str(10**9000)))
try:
    sys.set_int_max_str_digits(10)
except ValueError as e:
    print(e)
